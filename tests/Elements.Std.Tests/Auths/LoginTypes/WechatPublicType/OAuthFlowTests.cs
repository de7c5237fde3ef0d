using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Web;
using Elements.Std.Auths;
using Elements.Std.Auths.WeChatPublic;
using Elements.Std.Tests.Support;
using Elements.Testing.Postgres;
using Elements.WeChat.Client;
using Elements.WeChat.Errors;
using Elements.WeChatSandbox.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Std.Tests.Auths.LoginTypes.WechatPublicType;

/// <summary>
/// The whole official-account flow against the sandbox, through the element functions: authorize URL → consent page
/// over HTTP → callback → getUserInfo / getAccessToken / refreshToken → stored row → getLoginCode → register → session.
/// Runs on SQLite and on PostgreSQL.
/// </summary>
public abstract class OAuthFlowTests
{
    protected abstract Task<WeChatPublicLoginHarness> StartAsync(Action<JsonObject>? config = null, bool miniProgram = false);

    [Fact]
    public async Task Login_returns_wechats_authorize_url_in_its_exact_form_with_a_fresh_state_each_time()
    {
        await using var h = await StartAsync();
        var first = await h.StartLoginAsync();
        var second = await h.StartLoginAsync();

        var pattern = new Regex("^" + Regex.Escape($"{h.Sandbox.BaseUrl}/connect/oauth2/authorize?appid={WeChatPublicLoginHarness.AppId}&redirect_uri=")
            + Regex.Escape(Uri.EscapeDataString(WeChatPublicLoginHarness.Callback))
            + Regex.Escape("&response_type=code&scope=snsapi_userinfo&state=") + "(?<state>[A-Za-z0-9]{1,128})" + Regex.Escape("#wechat_redirect") + "$");
        var a = pattern.Match(first);
        var b = pattern.Match(second);
        Assert.True(a.Success, first);
        Assert.True(b.Success, second);
        Assert.Equal(WeChatPublicState.Length, a.Groups["state"].Value.Length);
        Assert.NotEqual(a.Groups["state"].Value, b.Groups["state"].Value);
    }

    [Fact]
    public async Task Userinfo_scope_consent_callback_getUserInfo_stores_the_profile_with_tokens_encrypted()
    {
        await using var h = await StartAsync();
        var login = await h.StartLoginAsync();
        var issuedState = HttpUtility.ParseQueryString(new Uri(login.Split('#')[0]).Query)["state"];
        var callback = await h.ConsentAsync(login, WeChatPublicLoginHarness.Alice);

        // The redirect keeps the callback's own query parameters and carries code and the issued state.
        Assert.Equal("127.0.0.1", callback.Host);
        Assert.Equal(5080, callback.Port);
        Assert.Equal("/wechat/callback", callback.AbsolutePath);
        var query = HttpUtility.ParseQueryString(callback.Query);
        Assert.Equal("/home", query["next"]);
        Assert.Equal("zh", query["lang"]);
        Assert.Equal(issuedState, query["state"]);
        Assert.False(string.IsNullOrEmpty(query["code"]));

        await h.Sandbox.Control.ClearCallCountsAsync();
        var info = (JsonObject)(await h.InvokeAsync(WeChatPublicLoginHarness.Service, "getUserInfo", new JsonObject { ["code"] = query["code"] }))!;
        var alice = await h.Sandbox.Control.GetUserAsync(WeChatPublicLoginHarness.AppId, WeChatPublicLoginHarness.Alice);
        Assert.Equal(["openid", "nickname", "headimgurl", "sex", "province", "city", "country", "unionid"], info.Select(p => p.Key));
        Assert.Equal(alice.OpenId, (string?)info["openid"]);
        Assert.Equal("Alice", (string?)info["nickname"]);
        Assert.Equal("https://example.invalid/alice.png", (string?)info["headimgurl"]);
        Assert.Equal(2, (int)info["sex"]!);
        Assert.Equal("Guangdong", (string?)info["province"]);
        Assert.Equal("Shenzhen", (string?)info["city"]);
        Assert.Equal("China", (string?)info["country"]);
        Assert.Equal(alice.UnionId, (string?)info["unionid"]);
        Assert.False(string.IsNullOrEmpty(alice.UnionId));
        Assert.Equal(1, await h.Sandbox.Control.GetCallCountAsync("/sns/oauth2/access_token"));
        Assert.Equal(1, await h.Sandbox.Control.GetCallCountAsync("/sns/userinfo"));

        // The row, read with plain SQL: profile in clear, tokens only as ciphertext.
        var row = Assert.Single(await h.RawRowsAsync("wechat_public_auth"));
        Assert.Equal(WeChatPublicLoginHarness.AppId, row["appId"]);
        Assert.Equal(alice.OpenId, row["openid"]);
        Assert.Equal(alice.UnionId, row["unionid"]);
        Assert.Equal("Alice", row["nickname"]);
        Assert.Equal("Shenzhen", row["city"]);
        Assert.Equal(2m, Convert.ToDecimal(row["sex"]));
        Assert.Equal(7200m, Convert.ToDecimal(row["expiresIn"]));
        Assert.NotNull(row["createdAt"]);
        Assert.NotNull(row["updatedAt"]);
        var stored = await h.Login.Store.FindAsync(WeChatPublicLoginHarness.AppId, alice.OpenId, default);
        Assert.NotNull(stored);
        Assert.StartsWith("v1.", (string)row["accessToken"]!);
        Assert.StartsWith("v1.", (string)row["refreshToken"]!);
        Assert.DoesNotContain(stored.AccessToken!, (string)row["accessToken"]!);
        Assert.DoesNotContain(stored.RefreshToken!, (string)row["refreshToken"]!);
        // ... and the ciphertext is the real token: WeChat accepts the decrypted value.
        var client = h.App.Services.GetRequiredService<IWeChatClient>();
        Assert.True(await client.ValidateOAuthTokenAsync(WeChatPublicLoginHarness.AppId, stored.AccessToken!, alice.OpenId));
    }

    [Fact]
    public async Task Base_scope_returns_the_openid_only_form_without_calling_sns_userinfo()
    {
        await using var h = await StartAsync(c => c["scope"] = "snsapi_base");
        var login = await h.StartLoginAsync();
        Assert.Contains("&scope=snsapi_base&", login);
        var (code, _, _) = await h.AuthorizeAsync(WeChatPublicLoginHarness.Bob);

        await h.Sandbox.Control.ClearCallCountsAsync();
        var info = (JsonObject)(await h.InvokeAsync(WeChatPublicLoginHarness.Service, "getUserInfo", new JsonObject { ["code"] = code }))!;
        var bob = await h.Sandbox.Control.GetUserAsync(WeChatPublicLoginHarness.AppId, WeChatPublicLoginHarness.Bob);
        Assert.Equal(bob.OpenId, (string?)info["openid"]);
        Assert.Null(info["nickname"]);
        Assert.All(info.Select(p => p.Key), key => Assert.Contains(key, new[] { "openid", "unionid" }));
        Assert.Equal(1, await h.Sandbox.Control.GetCallCountAsync("/sns/oauth2/access_token"));
        Assert.Equal(0, await h.Sandbox.Control.GetCallCountAsync("/sns/userinfo"));

        var row = Assert.Single(await h.RawRowsAsync("wechat_public_auth"));
        Assert.Equal(bob.OpenId, row["openid"]);
        Assert.Null(row["nickname"]);
        Assert.StartsWith("v1.", (string)row["accessToken"]!);
    }

    [Fact]
    public async Task A_login_may_ask_for_the_silent_scope_and_getUserInfo_follows_the_granted_scope()
    {
        await using var h = await StartAsync();
        var url = (await h.InvokeAsync(WeChatPublicLoginHarness.Instance, "login",
            new JsonObject { ["redirectUrl"] = WeChatPublicLoginHarness.Callback, ["scope"] = "snsapi_base" }))!.GetValue<string>();
        Assert.Contains("&scope=snsapi_base&", url);
        var callback = HttpUtility.ParseQueryString((await h.ConsentAsync(url, WeChatPublicLoginHarness.Alice)).Query);
        await h.Sandbox.Control.ClearCallCountsAsync();
        var info = (JsonObject)(await h.InvokeAsync(WeChatPublicLoginHarness.Service, "getUserInfo", new JsonObject { ["code"] = callback["code"] }))!;
        Assert.Equal(await h.OpenIdAsync(WeChatPublicLoginHarness.Alice), (string?)info["openid"]);
        Assert.Null(info["nickname"]);
        Assert.Equal(0, await h.Sandbox.Control.GetCallCountAsync("/sns/userinfo"));

        var ex = await Assert.ThrowsAsync<ElementException>(() => h.InvokeAsync(WeChatPublicLoginHarness.Instance, "login",
            new JsonObject { ["redirectUrl"] = WeChatPublicLoginHarness.Callback, ["scope"] = "snsapi_login" }));
        Assert.Equal(WeChatPublicErrorCodes.ScopeInvalid, ex.Code);
    }

    [Fact]
    public async Task GetAccessToken_has_jitais_documented_shape_refreshToken_renews_it_and_a_reused_code_is_40163()
    {
        await using var h = await StartAsync();
        var (code, _, _) = await h.AuthorizeAsync(WeChatPublicLoginHarness.Bob);
        var token = (JsonObject)(await h.InvokeAsync(WeChatPublicLoginHarness.Service, "getAccessToken", new JsonObject { ["code"] = code }))!;
        Assert.Equal(["access_token", "expires_in", "refresh_token", "openid", "scope"], token.Select(p => p.Key));
        Assert.Equal(7200, (int)token["expires_in"]!);
        Assert.Equal("snsapi_userinfo", (string?)token["scope"]);
        var openid = await h.OpenIdAsync(WeChatPublicLoginHarness.Bob);
        Assert.Equal(openid, (string?)token["openid"]);
        var accessToken = (string)token["access_token"]!;
        var refreshToken = (string)token["refresh_token"]!;

        var row = Assert.Single(await h.RawRowsAsync("wechat_public_auth"));
        Assert.DoesNotContain(accessToken, (string)row["accessToken"]!);
        Assert.DoesNotContain(refreshToken, (string)row["refreshToken"]!);

        // The code is single-use: WeChat's 40163 surfaces with its errcode and a clear message.
        var reused = await Assert.ThrowsAnyAsync<WeChatException>(() =>
            h.InvokeAsync(WeChatPublicLoginHarness.Service, "getUserInfo", new JsonObject { ["code"] = code }));
        Assert.Equal("WECHAT_40163", reused.Code);
        Assert.Equal(40163, reused.Errcode);
        Assert.Contains("already used", reused.Message);
        Assert.Equal(40163, (int)reused.Details!["errcode"]!);

        // refreshToken: a new access token, and the stored row follows it.
        var refreshed = (JsonObject)(await h.InvokeAsync(WeChatPublicLoginHarness.Service, "refreshToken", new JsonObject { ["refreshToken"] = refreshToken }))!;
        Assert.Equal(["access_token", "expires_in", "refresh_token", "openid", "scope"], refreshed.Select(p => p.Key));
        Assert.NotEqual(accessToken, (string?)refreshed["access_token"]);
        Assert.Equal(openid, (string?)refreshed["openid"]);
        var stored = await h.Login.Store.FindAsync(WeChatPublicLoginHarness.AppId, openid, default);
        Assert.Equal((string?)refreshed["access_token"], stored!.AccessToken);
        Assert.Single(await h.RawRowsAsync("wechat_public_auth"));

        // A bad refresh token is WeChat's 40030, explained.
        var bad = await Assert.ThrowsAnyAsync<WeChatException>(() =>
            h.InvokeAsync(WeChatPublicLoginHarness.Service, "refreshToken", new JsonObject { ["refreshToken"] = "not-a-refresh-token" }));
        Assert.Equal("WECHAT_40030", bad.Code);
        Assert.Contains("authorize again", bad.Message);
    }

    [Fact]
    public async Task An_expired_access_token_is_refreshed_then_the_call_is_retried()
    {
        await using var h = await StartAsync();

        // During the callback: sns/userinfo answers 42001 once.
        var (code, _, _) = await h.AuthorizeAsync(WeChatPublicLoginHarness.Alice);
        await h.Sandbox.Control.ClearCallCountsAsync();
        await h.Sandbox.Control.InjectFaultAsync(new SandboxFault { Path = "/sns/userinfo", Count = 1, Errcode = 42001, Errmsg = "access_token expired" });
        var info = await h.InvokeAsync(WeChatPublicLoginHarness.Service, "getUserInfo", new JsonObject { ["code"] = code });
        Assert.Equal("Alice", (string?)info!["nickname"]);
        Assert.Equal(1, await h.Sandbox.Control.GetCallCountAsync("/sns/oauth2/refresh_token"));
        Assert.Equal(2, await h.Sandbox.Control.GetCallCountAsync("/sns/userinfo"));

        // Later, with the stored tokens: WeChat's clock has passed the 2 hours, the token is expired for real.
        var openid = await h.OpenIdAsync(WeChatPublicLoginHarness.Alice);
        var before = (await h.Login.Store.FindAsync(WeChatPublicLoginHarness.AppId, openid, default))!.AccessToken;
        await h.Sandbox.Control.AdvanceClockAsync(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        await h.Sandbox.Control.ClearCallCountsAsync();
        var again = await h.InvokeAsync(WeChatPublicLoginHarness.Service, "syncUserInfo", new JsonObject { ["openid"] = openid });
        Assert.Equal("Alice", (string?)again!["nickname"]);
        Assert.Equal(1, await h.Sandbox.Control.GetCallCountAsync("/sns/oauth2/refresh_token"));
        Assert.Equal(2, await h.Sandbox.Control.GetCallCountAsync("/sns/userinfo"));
        Assert.NotEqual(before, (await h.Login.Store.FindAsync(WeChatPublicLoginHarness.AppId, openid, default))!.AccessToken);

        var unknown = await Assert.ThrowsAsync<ElementException>(() =>
            h.InvokeAsync(WeChatPublicLoginHarness.Service, "syncUserInfo", new JsonObject { ["openid"] = "o_nobody_here" }));
        Assert.Equal(WeChatPublicErrorCodes.NotAuthorized, unknown.Code);
    }

    [Fact]
    public async Task GetLoginCode_gives_a_bindCode_then_register_then_a_loginCode_that_AuthSvc_turns_into_a_session()
    {
        await using var h = await StartAsync();
        var (code, state, _) = await h.AuthorizeAsync(WeChatPublicLoginHarness.Alice);
        var first = (JsonObject)(await h.InvokeAsync(WeChatPublicLoginHarness.Instance, "getLoginCode", new JsonObject { ["code"] = code, ["state"] = state }))!;
        Assert.Equal(["bindCode"], first.Select(p => p.Key));

        var user = (JsonObject)(await h.InvokeAsync(WeChatPublicLoginHarness.Instance, "register", new JsonObject { ["bindCode"] = first["bindCode"]!.DeepClone() }))!;
        var userId = (long)user["userId"]!;
        Assert.Equal("Alice", (string?)user["name"]);
        var row = Assert.Single(await h.RawRowsAsync("wechat_public_auth"));
        Assert.Equal(userId, Convert.ToInt64(row["userId"]));

        var again = await Assert.ThrowsAsync<ElementException>(() =>
            h.InvokeAsync(WeChatPublicLoginHarness.Instance, "register", new JsonObject { ["bindCode"] = first["bindCode"]!.DeepClone() }));
        Assert.Equal(AuthErrorCodes.BindCodeUsed, again.Code);

        // The same state a second time is a replay, even with a fresh code.
        var (code2, state2, _) = await h.AuthorizeAsync(WeChatPublicLoginHarness.Alice);
        var replay = await Assert.ThrowsAsync<ElementException>(() =>
            h.InvokeAsync(WeChatPublicLoginHarness.Instance, "getLoginCode", new JsonObject { ["code"] = code2, ["state"] = state }));
        Assert.Equal(WeChatPublicErrorCodes.StateReplayed, replay.Code);

        var second = (JsonObject)(await h.InvokeAsync(WeChatPublicLoginHarness.Instance, "getLoginCode", new JsonObject { ["code"] = code2, ["state"] = state2 }))!;
        Assert.Equal(["loginCode", "corpList", "userId"], second.Select(p => p.Key));
        Assert.Equal(userId, (long)second["userId"]!);
        Assert.Empty(second["corpList"]!.AsArray());

        var session = (JsonObject)(await h.InvokeAsync("auths.services.AuthSvc", "login", new JsonObject { ["loginCode"] = second["loginCode"]!.DeepClone() }))!;
        Assert.Equal(userId, (long)session["userId"]!);
        Assert.False(string.IsNullOrEmpty((string?)session["token"]));
        var current = (JsonObject)(await h.InvokeAsync("auths.services.AuthSvc", "getCurrentUser", new JsonObject { ["token"] = session["token"]!.DeepClone() }))!;
        Assert.Equal(userId, (long)current["userId"]!);
    }

    [Fact]
    public async Task The_unionid_links_a_second_official_account_to_the_same_user()
    {
        await using var h = await StartAsync();
        var (code, state, _) = await h.AuthorizeAsync(WeChatPublicLoginHarness.Alice);
        var bindCode = (await h.InvokeAsync(WeChatPublicLoginHarness.Instance, "getLoginCode", new JsonObject { ["code"] = code, ["state"] = state }))!["bindCode"]!.GetValue<string>();
        var userId = (long)(await h.InvokeAsync(WeChatPublicLoginHarness.Instance, "register", new JsonObject { ["bindCode"] = bindCode }))!["userId"]!;

        // Alice in the second official account: another openid, the same unionid (one open platform).
        var (otherCode, otherState, _) = await h.AuthorizeAsync(WeChatPublicLoginHarness.Alice, WeChatPublicLoginHarness.OtherInstance);
        var linked = (JsonObject)(await h.InvokeAsync(WeChatPublicLoginHarness.OtherInstance, "getLoginCode",
            new JsonObject { ["code"] = otherCode, ["state"] = otherState }))!;
        Assert.Equal(userId, (long)linked["userId"]!);
        Assert.NotNull(linked["loginCode"]);
        var rows = await h.RawRowsAsync("wechat_public_auth");
        Assert.Equal(2, rows.Count);
        Assert.Equal(2, rows.Select(r => r["openid"]).Distinct().Count());
        Assert.Single(rows.Select(r => r["unionid"]).Distinct());
        Assert.All(rows, r => Assert.Equal(userId, Convert.ToInt64(r["userId"])));
    }

    [Fact]
    public async Task The_unionid_links_the_official_account_and_the_mini_program_both_ways()
    {
        await using var h = await StartAsync(miniProgram: true);

        // Alice registers in the mini program, then logs in on the official account: same user, no bindCode.
        var miniCode = (await h.Sandbox.Control.MintLoginCodeAsync(WeChatPublicLoginHarness.MiniAppId, WeChatPublicLoginHarness.Alice)).Code;
        var miniBind = (await h.InvokeAsync(WeChatPublicLoginHarness.MiniInstance, "getLoginCode", new JsonObject { ["code"] = miniCode }))!["bindCode"]!.GetValue<string>();
        var alice = (long)(await h.InvokeAsync(WeChatPublicLoginHarness.MiniInstance, "register", new JsonObject { ["bindCode"] = miniBind }))!["userId"]!;
        var (code, state, _) = await h.AuthorizeAsync(WeChatPublicLoginHarness.Alice);
        var login = (JsonObject)(await h.InvokeAsync(WeChatPublicLoginHarness.Instance, "getLoginCode", new JsonObject { ["code"] = code, ["state"] = state }))!;
        Assert.Equal(alice, (long)login["userId"]!);
        Assert.NotNull(login["loginCode"]);

        // Bob registers on the official account, then opens the mini program: the mini program finds him by unionid.
        (code, state, _) = await h.AuthorizeAsync(WeChatPublicLoginHarness.Bob);
        var bind = (await h.InvokeAsync(WeChatPublicLoginHarness.Instance, "getLoginCode", new JsonObject { ["code"] = code, ["state"] = state }))!["bindCode"]!.GetValue<string>();
        var bob = (long)(await h.InvokeAsync(WeChatPublicLoginHarness.Instance, "register", new JsonObject { ["bindCode"] = bind }))!["userId"]!;
        Assert.NotEqual(alice, bob);
        miniCode = (await h.Sandbox.Control.MintLoginCodeAsync(WeChatPublicLoginHarness.MiniAppId, WeChatPublicLoginHarness.Bob)).Code;
        var miniLogin = (JsonObject)(await h.InvokeAsync(WeChatPublicLoginHarness.MiniInstance, "getLoginCode", new JsonObject { ["code"] = miniCode }))!;
        Assert.Equal(bob, (long)miniLogin["userId"]!);
    }

    [Fact]
    public async Task Both_login_types_bind_log_in_and_unbind_through_one_flow_with_the_same_answers()
    {
        await using var h = await StartAsync(miniProgram: true);
        var users = h.App.Services.GetRequiredService<UserAccounts>();
        var userId = (long)(await users.CreateAsync(new JsonObject { ["name"] = "alice" }))["userId"]!;
        async Task<JsonObject> BindOfficialAsync()
        {
            var (code, state, _) = await h.AuthorizeAsync(WeChatPublicLoginHarness.Alice);
            return (JsonObject)(await h.InvokeAsync(WeChatPublicLoginHarness.Instance, "bind", new JsonObject { ["userId"] = userId, ["code"] = code, ["state"] = state }))!;
        }

        async Task<JsonObject> BindMiniAsync() => (JsonObject)(await h.InvokeAsync(WeChatPublicLoginHarness.MiniInstance, "bind", new JsonObject
        {
            ["userId"] = userId,
            ["code"] = (await h.Sandbox.Control.MintLoginCodeAsync(WeChatPublicLoginHarness.MiniAppId, WeChatPublicLoginHarness.Alice)).Code,
        }))!;

        // bind: the same answer from both, and binding the same pair again is idempotent in both.
        var official = await BindOfficialAsync();
        var mini = await BindMiniAsync();
        Assert.True(JsonNode.DeepEquals(official, await BindOfficialAsync()));
        Assert.True(JsonNode.DeepEquals(mini, await BindMiniAsync()));
        Assert.Equal(["appId", "openid", "unionid", "userId"], official.Select(p => p.Key).Order());
        Assert.Equal(official.Select(p => p.Key).Order(), mini.Select(p => p.Key).Order());
        Assert.Equal(await h.OpenIdAsync(WeChatPublicLoginHarness.Alice, WeChatPublicLoginHarness.MiniAppId), (string?)mini["openid"]);
        Assert.NotNull((string?)official["unionid"]);
        Assert.Equal((string?)official["unionid"], (string?)mini["unionid"]);

        // Bound in both: each login answers a loginCode for the same user, no bindCode.
        var (loginCode, loginState, _) = await h.AuthorizeAsync(WeChatPublicLoginHarness.Alice);
        var viaOfficial = (JsonObject)(await h.InvokeAsync(WeChatPublicLoginHarness.Instance, "getLoginCode", new JsonObject { ["code"] = loginCode, ["state"] = loginState }))!;
        var viaMini = (JsonObject)(await h.InvokeAsync(WeChatPublicLoginHarness.MiniInstance, "getLoginCode", new JsonObject
        {
            ["code"] = (await h.Sandbox.Control.MintLoginCodeAsync(WeChatPublicLoginHarness.MiniAppId, WeChatPublicLoginHarness.Alice)).Code,
        }))!;
        Assert.Equal(userId, (long)viaOfficial["userId"]!);
        Assert.Equal(userId, (long)viaMini["userId"]!);
        Assert.Null(viaMini["bindCode"]);

        // unbind: the same shape from both (the openid that was bound), then AUTH_NOT_BOUND from both.
        var officialUnbound = (JsonObject)(await h.InvokeAsync(WeChatPublicLoginHarness.Instance, "unbind", new JsonObject { ["userId"] = userId }))!;
        var miniUnbound = (JsonObject)(await h.InvokeAsync(WeChatPublicLoginHarness.MiniInstance, "unbind", new JsonObject { ["userId"] = userId }))!;
        Assert.Equal(["appId", "openid", "unbound", "userId"], officialUnbound.Select(p => p.Key).Order());
        Assert.Equal(officialUnbound.Select(p => p.Key).Order(), miniUnbound.Select(p => p.Key).Order());
        Assert.Equal((string?)mini["openid"], (string?)miniUnbound["openid"]);
        Assert.Equal((string?)official["openid"], (string?)officialUnbound["openid"]);
        foreach (var instance in new[] { WeChatPublicLoginHarness.Instance, WeChatPublicLoginHarness.MiniInstance })
        {
            var none = await Assert.ThrowsAsync<ElementException>(() => h.InvokeAsync(instance, "unbind", new JsonObject { ["userId"] = userId }));
            Assert.Equal(AuthErrorCodes.NotBound, none.Code);
        }

        // An unknown user is refused by both before WeChat is asked: the code stays usable.
        var miniCode = (await h.Sandbox.Control.MintLoginCodeAsync(WeChatPublicLoginHarness.MiniAppId, WeChatPublicLoginHarness.Alice)).Code;
        var unknown = await Assert.ThrowsAsync<ElementException>(() =>
            h.InvokeAsync(WeChatPublicLoginHarness.MiniInstance, "bind", new JsonObject { ["userId"] = userId + 1000, ["code"] = miniCode }));
        Assert.Equal(AuthErrorCodes.UserNotFound, unknown.Code);
        // Unbound everywhere, so neither the openid nor the unionid names a user any more: a new registration is offered.
        var after = (JsonObject)(await h.InvokeAsync(WeChatPublicLoginHarness.MiniInstance, "getLoginCode", new JsonObject { ["code"] = miniCode }))!;
        Assert.NotNull((string?)after["bindCode"]);
        Assert.Null(after["userId"]);
    }

    [Fact]
    public async Task The_wechat_client_takes_each_element_s_app_from_its_current_config_without_activating_it()
    {
        await using var h = await StartAsync(miniProgram: true);
        var client = h.App.Services.GetRequiredService<IWeChatClient>();

        // No element activated yet: the client already knows the mini program from its config and logs in with it.
        var session = await client.Code2SessionAsync(WeChatPublicLoginHarness.MiniAppId, (await h.Sandbox.Control.MintLoginCodeAsync(WeChatPublicLoginHarness.MiniAppId, WeChatPublicLoginHarness.Alice)).Code);
        Assert.Equal(await h.OpenIdAsync(WeChatPublicLoginHarness.Alice, WeChatPublicLoginHarness.MiniAppId), session.OpenId);

        // A wrong appSecret written into the config reaches WeChat after the reload (no constructor re-registers anything).
        var configFile = Path.Combine(h.Root, "auths", "loginTypes", "myWeChatMiniLogin", "myWeChatMiniLogin.json");
        File.WriteAllText(configFile, new JsonObject
        {
            ["authConfig"] = new JsonObject { ["appId"] = WeChatPublicLoginHarness.MiniAppId, ["appSecret"] = "not-the-secret-wechat-knows" },
        }.ToJsonString());
        Assert.True(h.App.Reload().Succeeded);
        var refused = await Assert.ThrowsAnyAsync<WeChatException>(async () => await h.InvokeAsync(WeChatPublicLoginHarness.MiniInstance, "getLoginCode", new JsonObject
        {
            ["code"] = (await h.Sandbox.Control.MintLoginCodeAsync(WeChatPublicLoginHarness.MiniAppId, WeChatPublicLoginHarness.Alice)).Code,
        }));
        Assert.Equal("WECHAT_40125", refused.Code);
        Assert.DoesNotContain("not-the-secret-wechat-knows", refused.Message, StringComparison.Ordinal);

        // Put back: the next call uses the right secret again.
        File.WriteAllText(configFile, new JsonObject
        {
            ["authConfig"] = new JsonObject { ["appId"] = WeChatPublicLoginHarness.MiniAppId, ["appSecret"] = "{{MINI_SECRET}}" },
        }.ToJsonString());
        Assert.True(h.App.Reload().Succeeded);
        var login = (JsonObject)(await h.InvokeAsync(WeChatPublicLoginHarness.MiniInstance, "getLoginCode", new JsonObject
        {
            ["code"] = (await h.Sandbox.Control.MintLoginCodeAsync(WeChatPublicLoginHarness.MiniAppId, WeChatPublicLoginHarness.Alice)).Code,
        }))!;
        Assert.NotNull((string?)login["bindCode"]);
    }

    [Fact]
    public async Task Bind_and_unbind_with_clear_errors()
    {
        await using var h = await StartAsync(c => c["allowRegister"] = 0);
        var users = h.App.Services.GetRequiredService<UserAccounts>();
        var u1 = (long)(await users.CreateAsync(new JsonObject { ["name"] = "one" }))["userId"]!;
        var u2 = (long)(await users.CreateAsync(new JsonObject { ["name"] = "two" }))["userId"]!;

        // allowRegister 0: an unknown WeChat user is refused.
        var (code, state, _) = await h.AuthorizeAsync(WeChatPublicLoginHarness.Bob);
        var refused = await Assert.ThrowsAsync<ElementException>(() =>
            h.InvokeAsync(WeChatPublicLoginHarness.Instance, "getLoginCode", new JsonObject { ["code"] = code, ["state"] = state }));
        Assert.Equal(AuthErrorCodes.NotRegistered, refused.Code);

        (code, state, _) = await h.AuthorizeAsync(WeChatPublicLoginHarness.Bob);
        var bound = (JsonObject)(await h.InvokeAsync(WeChatPublicLoginHarness.Instance, "bind", new JsonObject { ["userId"] = u1, ["code"] = code, ["state"] = state }))!;
        Assert.Equal(u1, (long)bound["userId"]!);
        Assert.Equal(WeChatPublicLoginHarness.AppId, (string?)bound["appId"]);
        Assert.Equal(await h.OpenIdAsync(WeChatPublicLoginHarness.Bob), (string?)bound["openid"]);

        (code, state, _) = await h.AuthorizeAsync(WeChatPublicLoginHarness.Bob);
        var taken = await Assert.ThrowsAsync<ElementException>(() =>
            h.InvokeAsync(WeChatPublicLoginHarness.Instance, "bind", new JsonObject { ["userId"] = u2, ["code"] = code, ["state"] = state }));
        Assert.Equal(AuthErrorCodes.BoundToOtherUser, taken.Code);

        (code, state, _) = await h.AuthorizeAsync(WeChatPublicLoginHarness.Alice);
        var already = await Assert.ThrowsAsync<ElementException>(() =>
            h.InvokeAsync(WeChatPublicLoginHarness.Instance, "bind", new JsonObject { ["userId"] = u1, ["code"] = code, ["state"] = state }));
        Assert.Equal(AuthErrorCodes.UserAlreadyBound, already.Code);

        // Bound now: the login works without registration.
        (code, state, _) = await h.AuthorizeAsync(WeChatPublicLoginHarness.Bob);
        var login = (JsonObject)(await h.InvokeAsync(WeChatPublicLoginHarness.Instance, "getLoginCode", new JsonObject { ["code"] = code, ["state"] = state }))!;
        Assert.Equal(u1, (long)login["userId"]!);

        var unbound = (JsonObject)(await h.InvokeAsync(WeChatPublicLoginHarness.Instance, "unbind", new JsonObject { ["userId"] = u1 }))!;
        Assert.Equal(await h.OpenIdAsync(WeChatPublicLoginHarness.Bob), (string?)unbound["openid"]);
        Assert.Equal(WeChatPublicLoginHarness.AppId, (string?)unbound["appId"]);
        Assert.True((bool)unbound["unbound"]!);
        Assert.Null(Assert.Single(await h.RawRowsAsync("wechat_public_auth"), r => (string?)r["openid"] == (string?)unbound["openid"])["userId"]);
        var none = await Assert.ThrowsAsync<ElementException>(() => h.InvokeAsync(WeChatPublicLoginHarness.Instance, "unbind", new JsonObject { ["userId"] = u1 }));
        Assert.Equal(AuthErrorCodes.NotBound, none.Code);
    }

    [Fact]
    public async Task Concurrent_callbacks_with_one_state_let_exactly_one_through()
    {
        await using var h = await StartAsync();
        var login = await h.StartLoginAsync();
        var state = HttpUtility.ParseQueryString(new Uri(login.Split('#')[0]).Query)["state"]!;
        await h.Login.Store.StateModel.OpenStoreAsync();
        var attempts = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            try
            {
                await h.Login.VerifyStateAsync(state);
                return "ok";
            }
            catch (ElementException ex)
            {
                return ex.Code;
            }
        })));
        Assert.Single(attempts, a => a == "ok");
        Assert.All(attempts.Where(a => a != "ok"), a => Assert.Equal(WeChatPublicErrorCodes.StateReplayed, a));
        Assert.Single(await h.RawRowsAsync("wechat_public_state"));
    }

    [Fact]
    public async Task The_same_new_user_authorizing_in_parallel_ends_up_in_one_row()
    {
        await using var h = await StartAsync();
        var codes = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            codes.Add((await h.Sandbox.Control.MintOAuthCodeAsync(WeChatPublicLoginHarness.AppId, WeChatPublicLoginHarness.Alice)).Code);
        }

        await h.Login.Store.AuthModel.OpenStoreAsync();
        var results = await Task.WhenAll(codes.Select(code => Task.Run(() =>
            h.InvokeAsync(WeChatPublicLoginHarness.Service, "getUserInfo", new JsonObject { ["code"] = code }))));
        Assert.All(results, r => Assert.Equal("Alice", (string?)r!["nickname"]));
        var row = Assert.Single(await h.RawRowsAsync("wechat_public_auth"));
        Assert.Equal(await h.OpenIdAsync(WeChatPublicLoginHarness.Alice), row["openid"]);
    }

    [Fact]
    public async Task The_auth_models_serve_no_functions_so_tokens_are_never_listed()
    {
        await using var h = await StartAsync();
        var (code, _, _) = await h.AuthorizeAsync(WeChatPublicLoginHarness.Alice);
        await h.InvokeAsync(WeChatPublicLoginHarness.Service, "getAccessToken", new JsonObject { ["code"] = code });
        foreach (var model in new[] { WeChatPublicLoginHarness.Instance + ".WechatPublicAuthModel", "auths.loginTypes.WechatPublicType.WechatPublicAuthModel",
                     WeChatPublicLoginHarness.Instance + ".WechatPublicStateModel" })
        {
            Assert.Empty(h.App.GetElementDefine(model).Functions);
            var ex = await Assert.ThrowsAsync<ElementException>(() => h.InvokeAsync(model, "query", new JsonObject()));
            Assert.Equal("EL_UNKNOWN_FUNCTION", ex.Code);
        }
    }
}

public sealed class SqliteOAuthFlowTests : OAuthFlowTests
{
    protected override Task<WeChatPublicLoginHarness> StartAsync(Action<JsonObject>? config = null, bool miniProgram = false) =>
        WeChatPublicLoginHarness.StartAsync(null, config, miniProgram: miniProgram);
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresOAuthFlowTests(PostgresServer server) : OAuthFlowTests
{
    protected override async Task<WeChatPublicLoginHarness> StartAsync(Action<JsonObject>? config = null, bool miniProgram = false)
    {
        var h = await WeChatPublicLoginHarness.StartAsync(server, config, miniProgram: miniProgram);
        Assert.True(h.IsPostgres);
        return h;
    }
}
