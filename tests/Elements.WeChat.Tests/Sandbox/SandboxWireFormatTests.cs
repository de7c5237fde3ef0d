using System.Text.RegularExpressions;
using Elements.WeChat.Tests.Support;
using Elements.WeChatSandbox.Contracts;
using static Elements.WeChat.Tests.Support.WeChatTestApps;

namespace Elements.WeChat.Tests.Sandbox;

/// <summary>The sandbox's answers checked against wechat-api.md, over raw HTTP.</summary>
public sealed partial class SandboxWireFormatTests : SandboxTestBase
{
    [GeneratedRegex(@", rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$")]
    private static partial Regex RidPattern();

    [Fact]
    public async Task Jscode2session_success_has_no_errcode_and_is_text_plain()
    {
        using var http = Sandbox.CreateRawClient();
        var code = await Sandbox.Control.MintLoginCodeAsync(MiniAppId, Alice);
        var (response, body) = await WireClient.GetAsync(http, $"/sns/jscode2session?appid={MiniAppId}&secret={MiniSecret}&js_code={code.Code}&grant_type=authorization_code&access_token=ignored");

        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Null(body["errcode"]);
        Assert.Equal(16, Convert.FromBase64String(body.Str("session_key")).Length);
        Assert.Equal((await Sandbox.Control.GetUserAsync(MiniAppId, Alice)).OpenId, body.Str("openid"));
        Assert.Equal((await Sandbox.Control.GetUserAsync(MiniAppId, Alice)).UnionId, body.Str("unionid"));
    }

    [Fact]
    public async Task Errors_carry_a_rid_in_errmsg_and_are_text_plain()
    {
        using var http = Sandbox.CreateRawClient();
        var (response, body) = await WireClient.GetAsync(http, $"/sns/jscode2session?appid={MiniAppId}&secret={MiniSecret}&js_code=nope&grant_type=authorization_code");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(40029, body.Errcode());
        Assert.Matches(RidPattern(), body.Str("errmsg"));
    }

    [Fact]
    public async Task Unionid_appears_only_when_the_app_is_bound_to_an_open_platform()
    {
        await Sandbox.Control.RegisterAppAsync(new SandboxAppRegistration { AppId = "wxunbound", Secret = "unbound-secret", Kind = SandboxAppKind.Mini });
        using var http = Sandbox.CreateRawClient();
        var code = await Sandbox.Control.MintLoginCodeAsync("wxunbound", Alice);
        var (_, body) = await WireClient.GetAsync(http, $"/sns/jscode2session?appid=wxunbound&secret=unbound-secret&js_code={code.Code}&grant_type=authorization_code");

        Assert.NotNull(body["openid"]);
        Assert.Null(body["unionid"]);
        Assert.Null((await Sandbox.Control.GetUserAsync("wxunbound", Alice)).UnionId);
        // Same user, two bound apps: different openids, one unionid.
        var mini = await Sandbox.Control.GetUserAsync(MiniAppId, Alice);
        var other = await Sandbox.Control.GetUserAsync(OtherMiniAppId, Alice);
        Assert.NotEqual(mini.OpenId, other.OpenId);
        Assert.Equal(mini.UnionId, other.UnionId);
    }

    [Fact]
    public async Task Codes_are_single_use_then_40163_and_expire_after_five_minutes_with_40029()
    {
        using var http = Sandbox.CreateRawClient();
        var code = await Sandbox.Control.MintLoginCodeAsync(MiniAppId, Alice);
        var url = $"/sns/jscode2session?appid={MiniAppId}&secret={MiniSecret}&js_code={code.Code}&grant_type=authorization_code";
        Assert.Null((await WireClient.GetAsync(http, url)).Body.Errcode());
        Assert.Equal(40163, (await WireClient.GetAsync(http, url)).Body.Errcode());

        var late = await Sandbox.Control.MintLoginCodeAsync(MiniAppId, Alice);
        await Sandbox.Control.AdvanceClockAsync(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var (_, body) = await WireClient.GetAsync(http, $"/sns/jscode2session?appid={MiniAppId}&secret={MiniSecret}&js_code={late.Code}&grant_type=authorization_code");
        Assert.Equal(40029, body.Errcode());
    }

    [Fact]
    public async Task Jscode2session_checks_appid_and_secret()
    {
        using var http = Sandbox.CreateRawClient();
        var code = await Sandbox.Control.MintLoginCodeAsync(MiniAppId, Alice);
        Assert.Equal(40013, (await WireClient.GetAsync(http, $"/sns/jscode2session?appid=wxunknown&secret=x&js_code={code.Code}&grant_type=authorization_code")).Body.Errcode());
        Assert.Equal(40125, (await WireClient.GetAsync(http, $"/sns/jscode2session?appid={MiniAppId}&secret=wrong&js_code={code.Code}&grant_type=authorization_code")).Body.Errcode());
        // A code of another app is not valid here.
        Assert.Equal(40029, (await WireClient.GetAsync(http, $"/sns/jscode2session?appid={OtherMiniAppId}&secret={OtherMiniSecret}&js_code={code.Code}&grant_type=authorization_code")).Body.Errcode());
    }

    [Fact]
    public async Task Classic_token_supersedes_the_previous_one_which_lives_five_more_minutes_then_40001()
    {
        using var http = Sandbox.CreateRawClient();
        var tokenUrl = $"/cgi-bin/token?grant_type=client_credential&appid={OfficialAppId}&secret={OfficialSecret}";
        var (response, first) = await WireClient.GetAsync(http, tokenUrl);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Null(first["errcode"]);
        Assert.Equal(7200, first["expires_in"]!.GetValue<int>());
        var (_, second) = await WireClient.GetAsync(http, tokenUrl);
        Assert.NotEqual(first.Str("access_token"), second.Str("access_token"));

        await Sandbox.Control.RecordInteractionAsync(OfficialAppId, Alice);
        var openId = (await Sandbox.Control.GetUserAsync(OfficialAppId, Alice)).OpenId;
        var message = new { touser = openId, msgtype = "text", text = new { content = "hi" } };

        await Sandbox.Control.AdvanceClockAsync(TimeSpan.FromMinutes(4));
        Assert.Equal(0, (await WireClient.PostAsync(http, $"/cgi-bin/message/custom/send?access_token={first.Str("access_token")}", message)).Body.Errcode());
        await Sandbox.Control.AdvanceClockAsync(TimeSpan.FromMinutes(2));
        var (_, stale) = await WireClient.PostAsync(http, $"/cgi-bin/message/custom/send?access_token={first.Str("access_token")}", message);
        Assert.Equal(40001, stale.Errcode());
        Assert.Equal(0, (await WireClient.PostAsync(http, $"/cgi-bin/message/custom/send?access_token={second.Str("access_token")}", message)).Body.Errcode());
    }

    [Fact]
    public async Task Tokens_expire_with_42001_and_unknown_ones_give_40014_missing_41001()
    {
        using var http = Sandbox.CreateRawClient();
        var (_, token) = await WireClient.GetAsync(http, $"/cgi-bin/token?grant_type=client_credential&appid={OfficialAppId}&secret={OfficialSecret}");
        var body = new { code = "x" };
        await Sandbox.Control.AdvanceClockAsync(TimeSpan.FromSeconds(7201));
        Assert.Equal(42001, (await WireClient.PostAsync(http, $"/wxa/business/getuserphonenumber?access_token={token.Str("access_token")}", body)).Body.Errcode());
        Assert.Equal(40014, (await WireClient.PostAsync(http, "/wxa/business/getuserphonenumber?access_token=forged", body)).Body.Errcode());
        Assert.Equal(41001, (await WireClient.PostAsync(http, "/wxa/business/getuserphonenumber", body)).Body.Errcode());
    }

    [Fact]
    public async Task Classic_token_wrong_secret_is_40001_and_bad_grant_type_40002()
    {
        using var http = Sandbox.CreateRawClient();
        Assert.Equal(40001, (await WireClient.GetAsync(http, $"/cgi-bin/token?grant_type=client_credential&appid={OfficialAppId}&secret=wrong")).Body.Errcode());
        Assert.Equal(40002, (await WireClient.GetAsync(http, $"/cgi-bin/token?grant_type=password&appid={OfficialAppId}&secret={OfficialSecret}")).Body.Errcode());
        Assert.Equal(40013, (await WireClient.GetAsync(http, $"/cgi-bin/token?grant_type=client_credential&appid=wxnope&secret=x")).Body.Errcode());
    }

    [Fact]
    public async Task Stable_token_is_the_same_until_near_expiry_unless_force_refresh()
    {
        using var http = Sandbox.CreateRawClient();
        object Body(bool force) => new { grant_type = "client_credential", appid = OfficialAppId, secret = OfficialSecret, force_refresh = force };
        var (response, first) = await WireClient.PostAsync(http, "/cgi-bin/stable_token", Body(false));
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Null(first["errcode"]);
        await Sandbox.Control.AdvanceClockAsync(TimeSpan.FromMinutes(60));
        var (_, again) = await WireClient.PostAsync(http, "/cgi-bin/stable_token", Body(false));
        Assert.Equal(first.Str("access_token"), again.Str("access_token"));
        Assert.InRange(again["expires_in"]!.GetValue<int>(), 3590, 3600);

        // Under 5 minutes left: a new token.
        await Sandbox.Control.AdvanceClockAsync(TimeSpan.FromSeconds(3600 - 299));
        var (_, renewed) = await WireClient.PostAsync(http, "/cgi-bin/stable_token", Body(false));
        Assert.NotEqual(first.Str("access_token"), renewed.Str("access_token"));
        Assert.Equal(7200, renewed["expires_in"]!.GetValue<int>());

        var (_, forced) = await WireClient.PostAsync(http, "/cgi-bin/stable_token", Body(true));
        Assert.NotEqual(renewed.Str("access_token"), forced.Str("access_token"));
        // Forced refreshes must be 30 s apart.
        Assert.Equal(45011, (await WireClient.PostAsync(http, "/cgi-bin/stable_token", Body(true))).Body.Errcode());
        // stable_token is independent of cgi-bin/token.
        await WireClient.GetAsync(http, $"/cgi-bin/token?grant_type=client_credential&appid={OfficialAppId}&secret={OfficialSecret}");
        var (_, unchanged) = await WireClient.PostAsync(http, "/cgi-bin/stable_token", Body(false));
        Assert.Equal(forced.Str("access_token"), unchanged.Str("access_token"));
    }

    [Fact]
    public async Task Post_endpoints_reject_get_non_json_and_empty_bodies()
    {
        using var http = Sandbox.CreateRawClient();
        Assert.Equal(43002, (await WireClient.GetAsync(http, "/cgi-bin/stable_token")).Body.Errcode());
        var response = await http.PostAsync("/wxa/business/getuserphonenumber?access_token=x", new StringContent("code=abc"));
        Assert.Equal(47001, System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errcode"]!.GetValue<int>());
        response = await http.PostAsync("/cgi-bin/stable_token", new StringContent(""));
        Assert.Equal(44002, System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errcode"]!.GetValue<int>());
    }

    [Fact]
    public async Task Oauth_flow_bodies_match_the_reference()
    {
        using var http = Sandbox.CreateRawClient();
        var code = await Sandbox.Control.MintOAuthCodeAsync(OfficialAppId, Alice, "snsapi_userinfo");
        var (_, token) = await WireClient.GetAsync(http, $"/sns/oauth2/access_token?appid={OfficialAppId}&secret={OfficialSecret}&code={code.Code}&grant_type=authorization_code");
        Assert.Null(token["errcode"]);
        Assert.Equal(7200, token["expires_in"]!.GetValue<int>());
        Assert.Equal("snsapi_userinfo", token.Str("scope"));
        Assert.Null(token["unionid"]); // the official account is not bound to an open platform
        var openId = token.Str("openid");

        var (_, info) = await WireClient.GetAsync(http, $"/sns/userinfo?access_token={token.Str("access_token")}&openid={openId}&lang=zh_CN");
        Assert.Null(info["errcode"]);
        Assert.Equal("爱丽丝", info.Str("nickname"));
        Assert.Equal(2, info["sex"]!.GetValue<int>());
        Assert.Empty(info["privilege"]!.AsArray());

        var (_, auth) = await WireClient.GetAsync(http, $"/sns/auth?access_token={token.Str("access_token")}&openid={openId}");
        Assert.Equal(0, auth.Errcode());
        Assert.Equal("ok", auth.Str("errmsg"));
        Assert.Equal(40003, (await WireClient.GetAsync(http, $"/sns/auth?access_token={token.Str("access_token")}&openid=ofake")).Body.Errcode());

        var (_, refreshed) = await WireClient.GetAsync(http, $"/sns/oauth2/refresh_token?appid={OfficialAppId}&grant_type=refresh_token&refresh_token={token.Str("refresh_token")}");
        Assert.Null(refreshed["errcode"]);
        Assert.NotEqual(token.Str("access_token"), refreshed.Str("access_token"));
        Assert.Equal(openId, refreshed.Str("openid"));
        Assert.Equal(40030, (await WireClient.GetAsync(http, $"/sns/oauth2/refresh_token?appid={OfficialAppId}&grant_type=refresh_token&refresh_token=bogus")).Body.Errcode());
        await Sandbox.Control.AdvanceClockAsync(TimeSpan.FromDays(31));
        Assert.Equal(42002, (await WireClient.GetAsync(http, $"/sns/oauth2/refresh_token?appid={OfficialAppId}&grant_type=refresh_token&refresh_token={token.Str("refresh_token")}")).Body.Errcode());
    }

    [Fact]
    public async Task Userinfo_with_a_snsapi_base_token_is_48001()
    {
        using var http = Sandbox.CreateRawClient();
        var code = await Sandbox.Control.MintOAuthCodeAsync(OfficialAppId, Alice, "snsapi_base");
        var (_, token) = await WireClient.GetAsync(http, $"/sns/oauth2/access_token?appid={OfficialAppId}&secret={OfficialSecret}&code={code.Code}&grant_type=authorization_code");
        Assert.Equal("snsapi_base", token.Str("scope"));
        var (_, info) = await WireClient.GetAsync(http, $"/sns/userinfo?access_token={token.Str("access_token")}&openid={token.Str("openid")}");
        Assert.Equal(48001, info.Errcode());
    }

    [Fact]
    public async Task Phone_number_body_has_errcode_zero_and_phone_info()
    {
        using var http = Sandbox.CreateRawClient();
        var (_, token) = await WireClient.GetAsync(http, $"/cgi-bin/token?grant_type=client_credential&appid={MiniAppId}&secret={MiniSecret}");
        var code = await Sandbox.Control.MintPhoneCodeAsync(MiniAppId, Alice);
        var (_, body) = await WireClient.PostAsync(http, $"/wxa/business/getuserphonenumber?access_token={token.Str("access_token")}", new { code = code.Code });
        Assert.Equal(0, body.Errcode());
        Assert.Equal("ok", body.Str("errmsg"));
        var info = body["phone_info"]!.AsObject();
        Assert.Equal("13800138000", info.Str("purePhoneNumber"));
        Assert.Equal("86", info.Str("countryCode"));
        Assert.Equal(MiniAppId, info["watermark"]!["appid"]!.GetValue<string>());
        Assert.Equal(40163, (await WireClient.PostAsync(http, $"/wxa/business/getuserphonenumber?access_token={token.Str("access_token")}", new { code = code.Code })).Body.Errcode());
    }

    [Fact]
    public async Task Daily_quotas_are_configurable_and_answer_45009()
    {
        await Sandbox.Control.RegisterAppAsync(new SandboxAppRegistration
        {
            AppId = "wxquota",
            Secret = "quota-secret",
            DailyQuotas = new() { ["/cgi-bin/token"] = 2 },
        });
        using var http = Sandbox.CreateRawClient();
        var url = "/cgi-bin/token?grant_type=client_credential&appid=wxquota&secret=quota-secret";
        Assert.Null((await WireClient.GetAsync(http, url)).Body.Errcode());
        Assert.Null((await WireClient.GetAsync(http, url)).Body.Errcode());
        Assert.Equal(45009, (await WireClient.GetAsync(http, url)).Body.Errcode());
        // Quotas reset the next (Beijing) day.
        await Sandbox.Control.AdvanceClockAsync(TimeSpan.FromDays(1));
        Assert.Null((await WireClient.GetAsync(http, url)).Body.Errcode());
    }

    [Fact]
    public async Task Calls_are_counted_per_path_and_faults_apply_to_the_next_n_calls()
    {
        using var http = Sandbox.CreateRawClient();
        await Sandbox.Control.InjectFaultAsync(new SandboxFault { Path = "/cgi-bin/token", Errcode = -1, Count = 2 });
        var url = $"/cgi-bin/token?grant_type=client_credential&appid={OfficialAppId}&secret={OfficialSecret}";
        Assert.Equal(-1, (await WireClient.GetAsync(http, url)).Body.Errcode());
        Assert.Equal(-1, (await WireClient.GetAsync(http, url)).Body.Errcode());
        Assert.Null((await WireClient.GetAsync(http, url)).Body.Errcode());
        Assert.Equal(3, await Sandbox.Control.GetCallCountAsync("/cgi-bin/token"));

        await Sandbox.Control.InjectFaultAsync(new SandboxFault { Path = "/cgi-bin/token", HttpStatus = 500 });
        Assert.Equal(500, (int)(await http.GetAsync(url)).StatusCode);
        await Sandbox.Control.InjectFaultAsync(new SandboxFault { Path = "/cgi-bin/token", MalformedJson = true });
        var malformed = await (await http.GetAsync(url)).Content.ReadAsStringAsync();
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => System.Text.Json.Nodes.JsonNode.Parse(malformed));
        await Sandbox.Control.InjectFaultAsync(new SandboxFault { Path = "/cgi-bin/token", DropConnection = true });
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(url));
        Assert.Equal(6, await Sandbox.Control.GetCallCountAsync("/cgi-bin/token"));
    }

    [Fact]
    public async Task Logins_are_limited_to_100_per_user_per_minute_with_45011()
    {
        using var http = Sandbox.CreateRawClient();
        string Url(string code) => $"/sns/jscode2session?appid={MiniAppId}&secret={MiniSecret}&js_code={code}&grant_type=authorization_code";
        // Start just after a minute boundary of the sandbox's clock, so a slow run cannot spread the 101 logins over two
        // quota minutes.
        var now = (await Sandbox.Control.GetClockAsync()).Now;
        await Sandbox.Control.AdvanceClockAsync(TimeSpan.FromSeconds(60 - now.Second) - TimeSpan.FromMilliseconds(now.Millisecond) + TimeSpan.FromMilliseconds(100));
        for (var i = 0; i < 100; i++)
        {
            var code = await Sandbox.Control.MintLoginCodeAsync(MiniAppId, Alice);
            Assert.Null((await WireClient.GetAsync(http, Url(code.Code))).Body.Errcode());
        }

        var refused = await Sandbox.Control.MintLoginCodeAsync(MiniAppId, Alice);
        Assert.Equal(45011, (await WireClient.GetAsync(http, Url(refused.Code))).Body.Errcode());
        var bob = await Sandbox.Control.MintLoginCodeAsync(MiniAppId, Bob);
        Assert.Null((await WireClient.GetAsync(http, Url(bob.Code))).Body.Errcode());
        // Next minute the refused code, still unused and under 5 minutes old, works.
        await Sandbox.Control.AdvanceClockAsync(TimeSpan.FromMinutes(1));
        Assert.Null((await WireClient.GetAsync(http, Url(refused.Code))).Body.Errcode());
    }

    [Fact]
    public async Task Control_api_reports_unknown_apps_and_users_as_404()
    {
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Sandbox.Control.MintLoginCodeAsync("wxnope", Alice));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.StatusCode);
        error = await Assert.ThrowsAsync<HttpRequestException>(() => Sandbox.Control.EncryptUserProfileAsync(MiniAppId, Bob));
        Assert.Equal(System.Net.HttpStatusCode.Conflict, error.StatusCode);
    }
}
