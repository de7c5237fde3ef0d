using Elements.WeChat.Configuration;
using Elements.WeChat.Errors;
using Elements.WeChat.Models;
using Elements.WeChat.Tests.Support;
using Elements.WeChatSandbox.Contracts;
using static Elements.WeChat.Tests.Support.WeChatTestApps;

namespace Elements.WeChat.Tests.Client;

/// <summary>The login endpoints through the client: mini-program session, web OAuth2, phone number.</summary>
public sealed class OAuthAndLoginTests : SandboxTestBase
{
    [Fact]
    public async Task Code2session_returns_openid_session_key_and_unionid_when_bound()
    {
        var code = await Sandbox.Control.MintLoginCodeAsync(MiniAppId, Alice);
        var session = await Client.Code2SessionAsync(MiniAppId, code.Code);
        var view = await Sandbox.Control.GetUserAsync(MiniAppId, Alice);
        Assert.Equal(view.OpenId, session.OpenId);
        Assert.Equal(view.UnionId, session.UnionId);
        Assert.Equal(16, Convert.FromBase64String(session.SessionKey).Length);
    }

    [Fact]
    public async Task Oauth_code_exchange_userinfo_refresh_and_auth()
    {
        var code = await Sandbox.Control.MintOAuthCodeAsync(OfficialAppId, Alice, WeChatScopes.UserInfo);
        var token = await Client.ExchangeOAuthCodeAsync(OfficialAppId, code.Code);
        Assert.Equal(WeChatScopes.UserInfo, token.Scope);
        Assert.Equal(7200, token.ExpiresIn);
        Assert.Null(token.UnionId);

        var info = await Client.GetUserInfoAsync(OfficialAppId, token.AccessToken, token.OpenId, "en");
        Assert.Equal("爱丽丝", info.Nickname);
        Assert.Equal(2, info.Sex);
        Assert.Equal("Shenzhen", info.City);
        Assert.Equal(token.OpenId, info.OpenId);

        Assert.True(await Client.ValidateOAuthTokenAsync(OfficialAppId, token.AccessToken, token.OpenId));
        Assert.False(await Client.ValidateOAuthTokenAsync(OfficialAppId, token.AccessToken, "o-someone-else"));

        var refreshed = await Client.RefreshOAuthTokenAsync(OfficialAppId, token.RefreshToken);
        Assert.NotEqual(token.AccessToken, refreshed.AccessToken);
        Assert.Equal(token.OpenId, refreshed.OpenId);
        Assert.True(await Client.ValidateOAuthTokenAsync(OfficialAppId, refreshed.AccessToken, token.OpenId));

        var reused = await Assert.ThrowsAsync<WeChatInvalidCodeException>(() => Client.ExchangeOAuthCodeAsync(OfficialAppId, code.Code));
        Assert.Equal(40163, reused.Errcode);
    }

    [Fact]
    public async Task Userinfo_needs_the_userinfo_scope()
    {
        var code = await Sandbox.Control.MintOAuthCodeAsync(OfficialAppId, Alice, WeChatScopes.Base);
        var token = await Client.ExchangeOAuthCodeAsync(OfficialAppId, code.Code);
        var error = await Assert.ThrowsAsync<WeChatUserException>(() => Client.GetUserInfoAsync(OfficialAppId, token.AccessToken, token.OpenId));
        Assert.Equal(48001, error.Errcode);
        Assert.Equal(1, await Sandbox.Control.GetCallCountAsync("/sns/userinfo"));
    }

    [Fact]
    public async Task Unionid_and_snapshot_users_in_oauth_responses()
    {
        await Sandbox.Control.RegisterAppAsync(new SandboxAppRegistration
        {
            AppId = OfficialAppId,
            Secret = OfficialSecret,
            OpenPlatformId = OpenPlatform,
            RedirectDomains = ["app.example.com"],
        });
        await Sandbox.Control.RegisterUserAsync(new SandboxUserRegistration { UserId = "ghost", Nickname = "微信用户", IsSnapshotUser = true });

        var code = await Sandbox.Control.MintOAuthCodeAsync(OfficialAppId, "ghost", WeChatScopes.Base);
        var token = await Client.ExchangeOAuthCodeAsync(OfficialAppId, code.Code);

        Assert.True(token.IsSnapshotUser);
        Assert.Equal((await Sandbox.Control.GetUserAsync(MiniAppId, "ghost")).UnionId, token.UnionId);
    }

    [Fact]
    public async Task Phone_number_through_the_cached_access_token()
    {
        var code = await Sandbox.Control.MintPhoneCodeAsync(MiniAppId, Alice);
        var phone = await Client.GetUserPhoneNumberAsync(MiniAppId, code.Code);
        Assert.Equal("13800138000", phone.PhoneNumber);
        Assert.Equal("13800138000", phone.PurePhoneNumber);
        Assert.Equal("86", phone.CountryCode);
        Assert.Equal(MiniAppId, phone.WatermarkAppId);

        var again = await Assert.ThrowsAsync<WeChatInvalidCodeException>(() => Client.GetUserPhoneNumberAsync(MiniAppId, code.Code));
        Assert.Equal(40163, again.Errcode);
        Assert.Equal(1, await Sandbox.Control.GetCallCountAsync("/cgi-bin/stable_token"));
    }

    [Fact]
    public async Task Authorize_url_has_wechats_exact_form()
    {
        var url = Client.BuildAuthorizeUrl(OfficialAppId, "https://app.example.com/auth/callback?next=/home&x=1", WeChatScopes.UserInfo, "abc123");
        Assert.Equal(
            $"{Sandbox.BaseUrl}/connect/oauth2/authorize?appid={OfficialAppId}&redirect_uri=https%3A%2F%2Fapp.example.com%2Fauth%2Fcallback%3Fnext%3D%2Fhome%26x%3D1&response_type=code&scope=snsapi_userinfo&state=abc123#wechat_redirect",
            url);

        await using var defaults = ClientHarness.Create(Sandbox, options =>
        {
            options.OpenBaseUrl = WeChatOptions.DefaultOpenBaseUrl;
            options.ApiBaseUrl = WeChatOptions.DefaultApiBaseUrl;
        });
        Assert.StartsWith("https://open.weixin.qq.com/connect/oauth2/authorize?appid=", defaults.Client.BuildAuthorizeUrl(OfficialAppId, "https://a.b/", WeChatScopes.Base, "s", forcePopup: true));
        Assert.Contains("&state=s&forcePopup=true#wechat_redirect", defaults.Client.BuildAuthorizeUrl(OfficialAppId, "https://a.b/", WeChatScopes.Base, "s", forcePopup: true));
    }

    [Fact]
    public async Task Base_urls_are_per_app()
    {
        // The mini app goes to the sandbox, the official account to a dead port: only the official account fails.
        var harness = UseHarness(options =>
        {
            options.ApiBaseUrl = "http://127.0.0.1:9";
            options.MaxRetryAttempts = 0;
            options.Apps[MiniAppId].ApiBaseUrl = Sandbox.BaseUrl;
        });
        var code = await Sandbox.Control.MintLoginCodeAsync(MiniAppId, Alice);
        Assert.NotEmpty((await harness.Client.Code2SessionAsync(MiniAppId, code.Code)).OpenId);
        var error = await Assert.ThrowsAsync<WeChatHttpException>(() => harness.Client.Code2SessionAsync(OfficialAppId, "code"));
        Assert.Equal(WeChatHttpFailureKind.Connection, error.Kind);
    }
}
