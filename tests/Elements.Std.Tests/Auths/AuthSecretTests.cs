using System.Text.Json.Nodes;
using Elements.Std.Tests.Support;

namespace Elements.Std.Tests.Auths;

/// <summary>session_key, app secrets, codes, tokens and passwords never show up where they must not.</summary>
public sealed class AuthSecretTests() : AuthTestBase(new SqliteAppDatabase())
{
    [Fact]
    public async Task Secrets_never_appear_in_logs_errors_results_or_to_string()
    {
        var secrets = new List<string> { SecretA, SecretB, SecretC };
        var issued = new List<string>(); // codes and tokens: fine in the result that issues them, nowhere else
        var results = new List<string>();
        var errors = new List<string>();
        const string password = "p4ssw0rd-never-logged";
        secrets.Add(password);

        async Task<JsonObject> Call(string element, string function, JsonObject args)
        {
            var result = (await InvokeAsync(element, function, args))!.AsObject();
            results.Add(result.ToJsonString());
            return result;
        }

        async Task Fail(string element, string function, JsonObject args)
        {
            var ex = await FailsAsync(element, function, args);
            errors.Add(ex.ToString() + " " + ex.Details?.ToJsonString());
        }

        var wxCode = await MintAsync(MiniA, "alice");
        issued.Add(wxCode);
        var bindCode = (string)(await Call(LoginA, "getLoginCode", new JsonObject { ["code"] = wxCode }))["bindCode"]!;
        issued.Add(bindCode);
        secrets.Add((await Control.EncryptUserProfileAsync(MiniA, "alice")).SessionKey);
        var userId = (long)(await Call(LoginA, "register", new JsonObject { ["bindCode"] = bindCode }))["userId"]!;
        wxCode = await MintAsync(MiniA, "alice");
        issued.Add(wxCode);
        var loginCode = (string)(await Call(LoginA, "getLoginCode", new JsonObject { ["code"] = wxCode }))["loginCode"]!;
        issued.Add(loginCode);
        var profile = await Control.EncryptUserProfileAsync(MiniA, "alice");
        secrets.Add(profile.SessionKey);
        var token = (string)(await Call(AuthSvc, "login", new JsonObject { ["loginCode"] = loginCode }))["token"]!;
        issued.Add(token);
        await Call(AuthSvc, "getCurrentUser", new JsonObject { ["token"] = token });
        await Call(LoginA, "decryptUserData", new JsonObject { ["userId"] = userId, ["encryptedData"] = profile.EncryptedData, ["iv"] = profile.Iv });
        await Call(LoginA, "getLoginConfig", []);
        var pw = (long)(await Call(Password, "register", new JsonObject { ["username"] = "secretive", ["password"] = password }))["userId"]!;
        var pwCode = (string)(await Call(Password, "getLoginCode", new JsonObject { ["username"] = "secretive", ["password"] = password }))["loginCode"]!;
        issued.Add(pwCode);
        var bobCode = await MintAsync(MiniA, "bob");
        issued.Add(bobCode);
        await Call(LoginA, "bind", new JsonObject { ["userId"] = pw, ["code"] = bobCode });
        secrets.Add((await Control.EncryptUserProfileAsync(MiniA, "bob")).SessionKey);

        await Fail(AuthSvc, "login", new JsonObject { ["loginCode"] = loginCode });
        await Fail(LoginA, "register", new JsonObject { ["bindCode"] = bindCode });
        await Fail(LoginA, "getLoginCode", new JsonObject { ["code"] = wxCode });
        await Fail(Password, "getLoginCode", new JsonObject { ["username"] = "secretive", ["password"] = password + "x" });
        await Fail(Password, "register", new JsonObject { ["username"] = "secretive", ["password"] = password });
        await Fail(LoginA, "bind", new JsonObject { ["userId"] = userId, ["code"] = bobCode });
        await Fail(LoginA, "decryptUserData", new JsonObject { ["userId"] = userId, ["encryptedData"] = profile.EncryptedData, ["iv"] = profile.Iv, ["rawData"] = "x", ["signature"] = "y" });

        var logs = Logs.AllText;
        Assert.True(Logs.Count > 0);
        var elementText = string.Join(" ", App.GetElement(LoginA).ToString(), App.GetElement(Password).ToString(), App.GetElement(AuthSvc).ToString(),
            App.GetElementDefine(LoginA).GetRedactedConfig().ToJsonString());
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
            Assert.All(errors, e => Assert.DoesNotContain(secret, e, StringComparison.Ordinal));
            Assert.All(results, r => Assert.DoesNotContain(secret, r, StringComparison.Ordinal));
            Assert.DoesNotContain(secret, elementText, StringComparison.Ordinal);
        }

        foreach (var code in issued)
        {
            Assert.DoesNotContain(code, logs, StringComparison.Ordinal);
            Assert.All(errors, e => Assert.DoesNotContain(code, e, StringComparison.Ordinal));
            Assert.True(results.Count(r => r.Contains(code, StringComparison.Ordinal)) <= 1, "a code or token was returned by more than its issuing call");
        }

        // at rest: session keys encrypted, codes and tokens hashed, passwords hashed
        var stored = string.Join("\n", (await ColumnAsync("auths_wechat_mini_auth", "sessionKey"))
            .Concat(await ColumnAsync("auths_bind_code", "identity"))
            .Concat(await ColumnAsync("auths_login_code", "codeHash"))
            .Concat(await ColumnAsync("auths_session", "tokenHash"))
            .Concat(await ColumnAsync("auths_password_auth", "passwordHash")));
        Assert.All(await ColumnAsync("auths_wechat_mini_auth", "sessionKey"), k => Assert.StartsWith("v1.", k));
        foreach (var value in secrets.Concat(issued))
        {
            Assert.DoesNotContain(value, stored, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Pending_identity_and_config_to_string_hide_secrets()
    {
        var identity = new Std.Auths.PendingIdentity("auths.loginTypes.miniA", MiniA, "openid-1", "union-1", "SESSION-KEY-VALUE==");
        Assert.DoesNotContain("SESSION-KEY-VALUE", identity.ToString(), StringComparison.Ordinal);
        var config = new Std.Auths.WeChatMiniConfig { AuthConfig = new Std.Auths.WeChatMiniAuthConfig { AppId = MiniA, AppSecret = SecretA } };
        Assert.DoesNotContain(SecretA, config.ToString(), StringComparison.Ordinal);
    }
}
