using Elements.Cli;
using Elements.Runtime.Tests.Support;
using Elements.Testing.Golden;

namespace Elements.Runtime.Tests;

public sealed class CliTests
{
    private static async Task<(int ExitCode, string Stdout, string Stderr)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exitCode = await CliApplication.RunAsync(args, stdout, stderr, b => b.AddElementTypesFrom(typeof(TestApps).Assembly));
        return (exitCode, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task List_json_matches_golden()
    {
        var (exitCode, stdout, stderr) = await Run("list", "--app", TestApps.Shop, "--json");
        Assert.Equal("", stderr);
        Assert.Equal(0, exitCode);
        Golden.Verify("list-shop.json", stdout);
    }

    [Fact]
    public async Task List_table_matches_golden()
    {
        var (exitCode, stdout, _) = await Run("list", "--app", TestApps.Shop);
        Assert.Equal(0, exitCode);
        Golden.Verify("list-shop.txt", stdout);
    }

    [Fact]
    public async Task List_takes_library_roots()
    {
        var (exitCode, stdout, stderr) = await Run("list", "--app", TestApps.Broken("ProtectedOverride"), "--lib", TestApps.Lib, "--json");
        Assert.Equal(1, exitCode);
        Assert.Equal("", stdout);
        Golden.Verify("list-protected-override.txt", stderr);
    }

    [Fact]
    public async Task Show_json_redacts_secrets_and_matches_golden()
    {
        var (exitCode, stdout, stderr) = await Run("show", "auths.loginTypes.MyWechatLogin", "--app", TestApps.Shop, "--json");
        Assert.Equal("", stderr);
        Assert.Equal(0, exitCode);
        Assert.DoesNotContain(TestApps.SecretFromProcessEnvironment, stdout);
        Assert.DoesNotContain("sign-key-value", stdout);
        Golden.Verify("show-mywechatlogin.json", stdout);
    }

    [Fact]
    public async Task Show_text_matches_golden()
    {
        var (exitCode, stdout, _) = await Run("show", "models.Orders", "--app", TestApps.Shop);
        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("pw-1234", stdout);
        Golden.Verify("show-orders.txt", stdout);
    }

    [Fact]
    public async Task Show_unknown_element_reports_error_json()
    {
        var (exitCode, stdout, stderr) = await Run("show", "services.Calk", "--app", TestApps.Shop, "--json");
        Assert.Equal(1, exitCode);
        Assert.Equal("", stdout);
        Golden.Verify("show-unknown.txt", stderr);
    }

    [Fact]
    public async Task Validate_success_prints_summary()
    {
        var (exitCode, stdout, _) = await Run("validate", "--app", TestApps.Shop);
        Assert.Equal(0, exitCode);
        Golden.Verify("validate-shop.txt", stdout);
    }

    [Fact]
    public async Task Validate_failure_prints_every_diagnostic()
    {
        var (exitCode, stdout, _) = await Run("validate", "--app", TestApps.Broken("Everything"), "--lib", TestApps.Lib);
        Assert.Equal(1, exitCode);
        Golden.Verify("validate-everything.txt", stdout);
    }

    [Fact]
    public async Task Invoke_prints_result_json()
    {
        var (exitCode, stdout, stderr) = await Run("invoke", "services.Calc", "describe", "--app", TestApps.Shop,
            "--args", """{"order": {"id": 7, "items": ["tea", "cake"]}}""");
        Assert.Equal("", stderr);
        Assert.Equal(0, exitCode);
        Golden.Verify("invoke-describe.json", stdout);
    }

    [Fact]
    public async Task Invoke_of_inherited_child_reaches_owner_config()
    {
        var (exitCode, stdout, stderr) = await Run("invoke", "auths.loginTypes.MyWechatLogin.services.WechatPublicAuthSvc", "getUserInfo",
            "--app", TestApps.Shop, "--args", """{"code": "abc"}""");
        Assert.Equal("", stderr);
        Assert.Equal(0, exitCode);
        Golden.Verify("invoke-userinfo.json", stdout);
    }

    [Theory]
    [InlineData("missing-arg", "services.Calc", "add", """{"a": 1}""")]
    [InlineData("undeclared-arg", "services.Calc", "add", """{"a": 1, "b": 2, "c": 3}""")]
    [InlineData("unknown-function", "services.Calc", "multiply", null)]
    [InlineData("invalid-args", "services.Calc", "add", "[1, 2]")]
    [InlineData("element-error", "services.Calc", "fail", null)]
    public async Task Invoke_errors_are_json_on_stderr(string golden, string element, string function, string? args)
    {
        string[] command = args is null
            ? ["invoke", element, function, "--app", TestApps.Shop]
            : ["invoke", element, function, "--app", TestApps.Shop, "--args", args];
        var (exitCode, stdout, stderr) = await Run(command);
        Assert.Equal(1, exitCode);
        Assert.Equal("", stdout);
        Golden.Verify($"invoke-{golden}.json", stderr);
    }

    [Fact]
    public async Task Invoke_on_broken_app_reports_load_failure_with_diagnostics()
    {
        var (exitCode, _, stderr) = await Run("invoke", "x", "y", "--app", TestApps.Broken("UnknownParent"));
        Assert.Equal(1, exitCode);
        Golden.Verify("invoke-load-failed.json", stderr);
    }

    [Fact]
    public async Task Var_option_fills_placeholders_before_the_environment()
    {
        using var temp = TempApp.Create();
        temp.Write("app.json", """{ "appId": "test.Vars" }""");
        temp.Write("x/e.json", """{ "title": "x", "type": "services.NormalType", "host": "{{ELEMENTS_TEST_CLI_HOST}}" }""");

        var (failed, _, failure) = await Run("validate", "--app", temp.Root);
        Assert.Equal(1, failed);
        Assert.Equal("", failure);

        var (exitCode, stdout, stderr) = await Run("show", "x", "--app", temp.Root, "--var", "ELEMENTS_TEST_CLI_HOST=example.org", "--json");
        Assert.Equal("", stderr);
        Assert.Equal(0, exitCode);
        Assert.Contains("\"host\": \"example.org\"", stdout);

        var (badVar, _, badVarError) = await Run("list", "--app", temp.Root, "--var", "NOEQUALS");
        Assert.Equal(1, badVar);
        Assert.Contains("EL_INVALID_ARGS", badVarError);
    }

    [Fact]
    public async Task Missing_app_option_is_a_usage_error()
    {
        var (exitCode, _, stderr) = await Run("list");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("--app", stderr);
    }
}
