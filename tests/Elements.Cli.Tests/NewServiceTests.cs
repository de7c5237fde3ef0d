using System.Text.Json.Nodes;
using Elements.Cli.Tests.Support;

namespace Elements.Cli.Tests;

/// <summary><c>elements new</c> for services: a <c>services.NormalType</c> element with C# functions, and a service Type with instances.</summary>
public sealed class NewServiceTests
{
    [Fact]
    public async Task New_service_scaffolds_a_function_that_can_be_invoked()
    {
        using var app = TempApp.Create();
        var (exitCode, stdout, stderr) = await CliRunner.Run("new", "services.MySvc", "--type", "services.NormalType", "--app", app.Root);
        Assert.True(stderr == "", stderr);
        Assert.Equal(0, exitCode);
        Assert.Contains("services/MySvc/MySvc.cs", stdout);
        Assert.Contains("[ElementType(\"services.MySvc\")]", app.Read("services/MySvc/MySvc.cs"));

        var (invoked, result, invokeError) = await CliRunner.Run("invoke", "services.MySvc", "hello", "--app", app.Root,
            "--args", """{"name": "Ann"}""");
        Assert.True(invokeError == "", invokeError);
        Assert.Equal(0, invoked);
        Assert.Equal("Hello, Ann!", JsonNode.Parse(result)!.GetValue<string>());
    }

    [Fact]
    public async Task New_service_type_takes_scaffolded_instances_that_can_be_invoked()
    {
        using var app = TempApp.Create();
        var (typeExit, _, typeError) = await CliRunner.Run("new", "type", "services.MySvcType", "--extends", "services.NormalType", "--app", app.Root);
        Assert.True(typeError == "", typeError);
        Assert.Equal(0, typeExit);

        var (exitCode, _, stderr) = await CliRunner.Run("new", "services.Shop", "--type", "services.MySvcType", "--app", app.Root);
        Assert.True(stderr == "", stderr);
        Assert.Equal(0, exitCode);

        var (invoked, result, invokeError) = await CliRunner.Run("invoke", "services.Shop", "hello", "--app", app.Root,
            "--args", """{"name": "Bo"}""");
        Assert.True(invokeError == "", invokeError);
        Assert.Equal(0, invoked);
        Assert.Equal("Hello, Bo!", JsonNode.Parse(result)!.GetValue<string>());
    }
}
