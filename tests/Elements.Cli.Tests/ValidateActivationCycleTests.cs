using Elements.Cli.Tests.Support;

namespace Elements.Cli.Tests;

/// <summary>
/// <c>elements validate</c> reports the activation cycles config makes visible (a model's db naming a model that
/// names it back), with the chain the runtime names when the first of them is activated.
/// </summary>
public sealed class ValidateActivationCycleTests : IDisposable
{
    private const string Reason = "; each model's db names the next, and a model activates its db when it is activated";

    private readonly TempApp _app = TempApp.Create();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Two_models_naming_each_other_fail_validate_with_the_chain_the_runtime_reports()
    {
        Model("A", "models.B");
        Model("B", "models.A");

        var (exitCode, stdout, stderr) = await CliRunner.Run("validate", "--app", _app.Root);

        Assert.Equal(1, exitCode);
        Assert.Equal("", stderr);
        Assert.Equal($"models/A/e.json(1,1): error EL_ACTIVATION_CYCLE: activation cycle: models.A -> models.B -> models.A{Reason}\n1 error(s)", stdout.Trim().ReplaceLineEndings("\n"));

        // The runtime, activating the first of them, names the same chain.
        var (invoked, _, invokeError) = await CliRunner.Run("invoke", "models.A", "query", "--app", _app.Root, "--args", "{}");
        Assert.Equal(1, invoked);
        Assert.Contains("\"EL_ACTIVATION_CYCLE\"", invokeError);
        Assert.Contains("activation cycle: models.A -> models.B -> models.A", invokeError);
    }

    [Fact]
    public async Task Each_cycle_is_reported_once_and_models_merely_leading_into_one_are_not()
    {
        Model("Self", "models.Self");
        Model("X", "models.Y");
        Model("Y", "models.Z");
        Model("Z", "models.X");
        Model("Into", "models.Y");
        Model("Plain", null);

        var (exitCode, stdout, _) = await CliRunner.Run("validate", "--app", _app.Root);

        Assert.Equal(1, exitCode);
        Assert.Equal(
            [
                $"models/Self/e.json(1,1): error EL_ACTIVATION_CYCLE: activation cycle: models.Self -> models.Self{Reason}",
                $"models/X/e.json(1,1): error EL_ACTIVATION_CYCLE: activation cycle: models.X -> models.Y -> models.Z -> models.X{Reason}",
                "2 error(s)",
            ],
            stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task Models_on_databases_are_valid()
    {
        Model("A", "databases.Default");
        Model("B", null);

        var (exitCode, stdout, _) = await CliRunner.Run("validate", "--app", _app.Root);

        Assert.Equal(0, exitCode);
        Assert.StartsWith("test.Cli: valid,", stdout);
    }

    private void Model(string name, string? db) => _app.Write($"models/{name}/e.json", $$"""
        { "title": "{{name}}", "type": "models.NormalType",{{(db is null ? "" : $" \"db\": \"{db}\",")}}
          "fields": [ { "name": "id", "dataType": "AutoInt", "primaryKey": true } ] }
        """);
}
