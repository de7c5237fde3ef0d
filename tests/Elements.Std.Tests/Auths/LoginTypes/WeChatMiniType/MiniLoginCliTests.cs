using System.Text.Json.Nodes;
using Elements.Cli;
using Elements.Std.Tests.Support;

namespace Elements.Std.Tests.Auths.LoginTypes.WeChatMiniType;

/// <summary>
/// The flow through <c>elements invoke</c> (the CLI in-process, a fresh app load per command) on an app folder
/// on disk whose logins take the sandbox URL from the app's envVars (<c>authConfig.apiBaseUrl = {{SANDBOX_URL}}</c>).
/// </summary>
public sealed class MiniLoginCliTests() : AuthTestBase(new SqliteAppDatabase())
{
    protected override bool ApiBaseUrlFromEnvVars => true;

    [Fact]
    public async Task Full_flow_through_elements_invoke()
    {
        var first = await InvokeCliAsync(LoginA, "getLoginCode", new JsonObject { ["code"] = await MintAsync(MiniA, "alice") });
        var bindCode = (string)first["bindCode"]!;
        var user = await InvokeCliAsync(LoginA, "register", new JsonObject { ["bindCode"] = bindCode });
        var userId = (long)user["userId"]!;
        var second = await InvokeCliAsync(LoginA, "getLoginCode", new JsonObject { ["code"] = await MintAsync(MiniA, "alice") });
        Assert.Equal(userId, (long)second["userId"]!);
        var session = await InvokeCliAsync(AuthSvc, "login", new JsonObject { ["loginCode"] = second["loginCode"]!.DeepClone() });
        var token = (string)session["token"]!;
        Assert.Equal(userId, (long)(await InvokeCliAsync(AuthSvc, "getCurrentUser", new JsonObject { ["token"] = token }))["userId"]!);

        var pw = (long)(await InvokeCliAsync(Password, "register", new JsonObject { ["username"] = "cli.user", ["password"] = "cli-password-123" }))["userId"]!;
        var bound = await InvokeCliAsync(LoginA, "bind", new JsonObject { ["userId"] = pw, ["code"] = await MintAsync(MiniA, "bob") });
        Assert.Equal(pw, (long)bound["userId"]!);
        Assert.True((bool)(await InvokeCliAsync(LoginA, "unbind", new JsonObject { ["userId"] = pw }))["unbound"]!);

        // the session_key stored by one process is decrypted by the next (key file under appData/)
        var profile = await Control.EncryptUserProfileAsync(MiniA, "alice");
        var data = await InvokeCliAsync(LoginA, "decryptUserData", new JsonObject
        {
            ["userId"] = userId, ["encryptedData"] = profile.EncryptedData, ["iv"] = profile.Iv, ["rawData"] = profile.RawData, ["signature"] = profile.Signature,
        });
        Assert.Equal("爱丽丝", (string)data["nickName"]!);

        Assert.True((bool)(await InvokeCliAsync(AuthSvc, "logout", new JsonObject { ["token"] = token }))["loggedOut"]!);
        var (exit, stdout, _) = await RunCliAsync("invoke", AuthSvc, "getCurrentUser", "--app", Folder.Path, "--args", new JsonObject { ["token"] = token }.ToJsonString());
        Assert.Equal(0, exit);
        Assert.Equal("null", stdout.Trim());
    }

    [Fact]
    public async Task Errors_through_elements_invoke_carry_codes_and_no_secrets()
    {
        var (exit, stdout, stderr) = await RunCliAsync("invoke", LoginA, "getLoginCode", "--app", Folder.Path, "--args", """{"code": "bogus-code"}""");
        Assert.Equal(1, exit);
        Assert.Equal("", stdout.Trim());
        var error = JsonNode.Parse(stderr)!["error"]!;
        Assert.Equal("WECHAT_40029", (string)error["code"]!);
        Assert.DoesNotContain(SecretA, stderr, StringComparison.Ordinal);

        (exit, _, stderr) = await RunCliAsync("invoke", LoginA, "unbind", "--app", Folder.Path, "--args", """{"userId": 424242}""");
        Assert.Equal(1, exit);
        Assert.Equal("AUTH_NOT_BOUND", (string)JsonNode.Parse(stderr)!["error"]!["code"]!);

        (exit, stdout, _) = await RunCliAsync("show", LoginA, "--app", Folder.Path, "--json");
        Assert.Equal(0, exit);
        Assert.DoesNotContain(SecretA, stdout, StringComparison.Ordinal);
    }

    private async Task<JsonObject> InvokeCliAsync(string element, string function, JsonObject args)
    {
        var (exit, stdout, stderr) = await RunCliAsync("invoke", element, function, "--app", Folder.Path, "--args", args.ToJsonString());
        Assert.True(exit == 0, $"elements invoke {element} {function} failed: {stderr}");
        return JsonNode.Parse(stdout)!.AsObject();
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunCliAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApplication.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
