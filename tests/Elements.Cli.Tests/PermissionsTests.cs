using System.Text.Json.Nodes;
using Elements.Cli.Tests.Support;
using Elements.Testing.Files;
using Elements.Testing.Repository;

namespace Elements.Cli.Tests;

/// <summary>
/// <c>elements permissions</c> and <c>elements invoke --user</c> on a copy of the sample app: the same decisions as the
/// HTTP host (the matrix is the host's golden file, read as it is), for roles and for users from the app's database.
/// </summary>
public sealed class PermissionsTests : IDisposable
{
    private readonly TempDirectory _folder = TempDirectory.Create("elements-cli-permissions");

    public PermissionsTests() => SampleApp.CopyElementsTo(_folder.Path);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_matrix_is_the_one_the_host_enforces()
    {
        var matrix = await RunJsonAsync("permissions");

        var golden = File.ReadAllText(Path.Combine(SampleApp.RepositoryRoot, "tests", "Elements.Host.Tests", "Golden", "permissions.sample-app.json"));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(golden), matrix), "elements permissions and the host's golden matrix differ");
    }

    [Fact]
    public async Task As_a_role_lists_every_function_with_its_verdict_and_reason()
    {
        var anonymous = Verdicts(await RunJsonAsync("permissions", "--as", "roles.Anonymous"));
        var admin = Verdicts(await RunJsonAsync("permissions", "--as", "roles.Admin"));

        Assert.True(anonymous["auths.services.AuthSvc.login"]);
        Assert.False(anonymous["auths.models.UserModel.query"]);
        Assert.False(anonymous["models.Todo.query"]);
        Assert.All(admin.Values, Assert.True);
        var (exit, _, error) = await RunAsync("permissions", "--as", "roles.Nobody");
        Assert.Equal(1, exit);
        Assert.Contains("ROLE_UNKNOWN", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_as_a_user_makes_the_hosts_checks_and_scopes_owned_rows()
    {
        var alice = await RegisterAsync("alice");
        var bob = await RegisterAsync("bob");

        // Trusted (no --user), as an operator bootstraps the first administrator.
        await RunJsonAsync("invoke", "roles.services.RoleSvc", "addMember", "--args", $$"""{"userId": {{alice}}, "roleName": "roles.Admin"}""");

        Assert.True(Verdicts(await RunJsonAsync("permissions", "--user", $"{alice}"))["auths.models.UserModel.query"]);
        Assert.False(Verdicts(await RunJsonAsync("permissions", "--user", $"{bob}"))["auths.models.UserModel.query"]);
        await AssertRefusedAsync("EL_FORBIDDEN", "invoke", "auths.models.UserModel", "query", "--user", $"{bob}");
        await AssertRefusedAsync("EL_UNKNOWN_ELEMENT", "invoke", "auths.loginTypes.PasswordType", "register", "--user", $"{bob}",
            "--args", """{"username": "mallory", "password": "correct horse battery"}""");
        await AssertRefusedAsync("EL_FORBIDDEN", "invoke", "roles.services.RoleSvc", "getUserRoles", "--user", $"{bob}", "--args", $$"""{"userId": {{alice}}}""");
        Assert.Equal(2L, (long)(await RunJsonAsync("invoke", "auths.models.UserModel", "query", "--user", $"{alice}"))["totalCount"]!);

        var todo = await RunJsonAsync("invoke", "models.Todo", "create", "--user", $"{bob}", "--args", """{"rowData": {"title": "bob's"}}""");
        Assert.Equal(bob, (long)todo["userId"]!);
        var carol = await RegisterAsync("carol");
        Assert.Equal(1L, await TodoCountAsync(bob));
        Assert.Equal(0L, await TodoCountAsync(carol));
        Assert.Equal(1L, await TodoCountAsync(alice)); // an administrator's rowPerm is "all"
        await AssertRefusedAsync("EL_FORBIDDEN", "invoke", "models.Todo", "create", "--user", $"{bob}",
            "--args", new JsonObject { ["rowData"] = new JsonObject { ["title"] = "forged", ["userId"] = alice } }.ToJsonString());
    }

    private async Task<long> TodoCountAsync(long user) =>
        (long)(await RunJsonAsync("invoke", "models.Todo", "query", "--user", $"{user}", "--args", "{}"))["totalCount"]!;

    private async Task<long> RegisterAsync(string username) => (long)(await RunJsonAsync("invoke", "auths.loginTypes.Passwords", "register",
        "--args", $$"""{"username": "{{username}}", "password": "correct horse battery"}"""))["userId"]!;

    private async Task AssertRefusedAsync(string code, params string[] args)
    {
        var (exit, output, error) = await RunAsync(args);
        Assert.True(exit == 1, $"expected a refusal, got {output}");
        Assert.Equal(code, (string?)JsonNode.Parse(error)!["error"]!["code"]);
    }

    private static Dictionary<string, bool> Verdicts(JsonNode rows) =>
        rows.AsArray().ToDictionary(r => (string)r!["function"]!, r => (bool)r!["allowed"]!, StringComparer.Ordinal);

    private async Task<JsonNode> RunJsonAsync(params string[] args)
    {
        var (exit, output, error) = await RunAsync([.. args, .. (args[0] == "permissions" ? new[] { "--json" } : [])]);
        Assert.True(exit == 0, error);
        return JsonNode.Parse(output)!;
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) => CliRunner.Run([.. args, "--app", _folder.Path,
        "--var", "WECHAT_OA_SECRET=x", "--var", "WECHAT_OA2_SECRET=x", "--var", "WECHAT_MINI_SECRET=x"]);
}
