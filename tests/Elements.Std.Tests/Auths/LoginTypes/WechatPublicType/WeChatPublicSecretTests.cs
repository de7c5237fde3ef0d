using System.Text;
using System.Text.Json.Nodes;
using Elements.Std.Auths.WeChatPublic;
using Elements.Std.Tests.Support;

namespace Elements.Std.Tests.Auths.LoginTypes.WechatPublicType;

/// <summary>No secret (AppSecret, access/refresh tokens, codes) of the official-account login in logs, errors, descriptions or the database.</summary>
public sealed class WeChatPublicSecretTests
{
    [Fact]
    public async Task Secrets_and_tokens_appear_in_no_log_error_description_or_stored_row()
    {
        await using var h = await WeChatPublicLoginHarness.StartAsync();
        var codes = new List<string>();
        var tokens = new List<string>();
        var errors = new StringBuilder();

        var (code, state, _) = await h.AuthorizeAsync(WeChatPublicLoginHarness.Alice);
        codes.Add(code);
        await h.InvokeAsync(WeChatPublicLoginHarness.Instance, "getLoginCode", new JsonObject { ["code"] = code, ["state"] = state });
        (code, _, _) = await h.AuthorizeAsync(WeChatPublicLoginHarness.Bob);
        codes.Add(code);
        var token = (JsonObject)(await h.InvokeAsync(WeChatPublicLoginHarness.Service, "getAccessToken", new JsonObject { ["code"] = code }))!;
        tokens.Add((string)token["access_token"]!);
        tokens.Add((string)token["refresh_token"]!);
        var refreshed = (JsonObject)(await h.InvokeAsync(WeChatPublicLoginHarness.Service, "refreshToken", new JsonObject { ["refreshToken"] = token["refresh_token"]!.DeepClone() }))!;
        tokens.Add((string)refreshed["access_token"]!);
        tokens.Add((string)refreshed["refresh_token"]!);
        var alice = await h.Login.Store.FindAsync(WeChatPublicLoginHarness.AppId, await h.OpenIdAsync(WeChatPublicLoginHarness.Alice), default);
        tokens.Add(alice!.AccessToken!);
        tokens.Add(alice.RefreshToken!);

        // Failures: reused code, bad refresh token, WeChat rejecting the secret, and an error during sns/userinfo.
        foreach (var call in new Func<Task>[]
                 {
                     () => h.InvokeAsync(WeChatPublicLoginHarness.Service, "getUserInfo", new JsonObject { ["code"] = code }),
                     () => h.InvokeAsync(WeChatPublicLoginHarness.Service, "refreshToken", new JsonObject { ["refreshToken"] = tokens[0] }),
                     () => h.InvokeAsync(WeChatPublicLoginHarness.Instance, "getLoginCode", new JsonObject { ["code"] = code, ["state"] = "S1" + new string('0', 114) }),
                 })
        {
            var ex = await Assert.ThrowsAnyAsync<ElementException>(call);
            errors.AppendLine(ex.ToString()).AppendLine(ex.Details?.ToJsonString());
        }

        await h.Sandbox.Control.InjectFaultAsync(new WeChatSandbox.Contracts.SandboxFault { Path = "/sns/oauth2/access_token", Count = 1, Errcode = 40125, Errmsg = "invalid appsecret" });
        var (code3, _, _) = await h.AuthorizeAsync(WeChatPublicLoginHarness.Alice);
        codes.Add(code3);
        var bad = await Assert.ThrowsAnyAsync<ElementException>(() => h.InvokeAsync(WeChatPublicLoginHarness.Service, "getUserInfo", new JsonObject { ["code"] = code3 }));
        Assert.Equal("WECHAT_40125", bad.Code);
        Assert.Contains("check its config", bad.Message);
        errors.AppendLine(bad.ToString());

        var definition = h.App.GetElementDefine(WeChatPublicLoginHarness.Instance);
        var descriptions = string.Join('\n', h.Login.ToString(), h.Login.Config.ToString(), definition.GetRedactedConfig().ToJsonString(),
            h.App.GetElement(WeChatPublicLoginHarness.Service).ToString(), new WeChatPublicTokenInfo("a", 1, "b", "c", "d").ToString(), alice.ToString(),
            (await h.InvokeAsync(WeChatPublicLoginHarness.Instance, "getLoginConfig", null))!.ToJsonString());
        Assert.Equal("***", (string?)definition.GetRedactedConfig()["appSecret"]);
        var publicConfig = (JsonObject)(await h.InvokeAsync(WeChatPublicLoginHarness.Instance, "getLoginConfig", null))!;
        Assert.Equal(["appId", "scope", "redirectDomains", "allowRegister", "pinnedState"], publicConfig.Select(p => p.Key));
        Assert.Equal(1, (int)publicConfig["allowRegister"]!);
        Assert.False((bool)publicConfig["pinnedState"]!);

        var database = new StringBuilder();
        foreach (var table in new[] { "wechat_public_auth", "wechat_public_state" })
        {
            foreach (var row in await h.RawRowsAsync(table))
            {
                database.AppendJoin('|', row.Values).AppendLine();
            }
        }

        Assert.True(h.Logs.Count > 0);
        var haystacks = new Dictionary<string, string>
        {
            ["logs"] = h.Logs.AllText,
            ["errors"] = errors.ToString(),
            ["descriptions"] = descriptions,
            ["database"] = database.ToString(),
        };
        foreach (var (where, text) in haystacks)
        {
            Assert.DoesNotContain(h.Secret, text, StringComparison.Ordinal);
            foreach (var value in tokens.Concat(codes))
            {
                Assert.False(text.Contains(value, StringComparison.Ordinal), $"a token or code leaked into the {where}");
            }
        }
    }
}
