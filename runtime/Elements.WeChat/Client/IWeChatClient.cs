using System.Text.Json.Nodes;
using Elements.WeChat.Messages;
using Elements.WeChat.Models;

namespace Elements.WeChat.Client;

/// <summary>
/// The WeChat server API as Elements uses it. Every method takes the app id whose settings (secret, base URLs,
/// token mode) apply. Failures are <see cref="WeChatException"/> subtypes.
/// </summary>
public interface IWeChatClient
{
    /// <summary><c>GET /sns/jscode2session</c>: exchanges a mini-program <c>wx.login</c> code.</summary>
    Task<WeChatSession> Code2SessionAsync(string appId, string jsCode, CancellationToken cancellationToken = default);

    /// <summary><c>GET /sns/oauth2/access_token</c>: exchanges the code of the web OAuth2 redirect.</summary>
    Task<WeChatOAuthToken> ExchangeOAuthCodeAsync(string appId, string code, CancellationToken cancellationToken = default);

    /// <summary><c>GET /sns/oauth2/refresh_token</c>.</summary>
    Task<WeChatOAuthToken> RefreshOAuthTokenAsync(string appId, string refreshToken, CancellationToken cancellationToken = default);

    /// <summary><c>GET /sns/userinfo</c> with a user's OAuth access token (scope snsapi_userinfo). <paramref name="lang"/>: zh_CN, zh_TW or en.</summary>
    Task<WeChatUserInfo> GetUserInfoAsync(string appId, string oauthAccessToken, string openId, string lang = "zh_CN", CancellationToken cancellationToken = default);

    /// <summary><c>GET /sns/auth</c>: true when the OAuth access token is valid for that openid.</summary>
    Task<bool> ValidateOAuthTokenAsync(string appId, string oauthAccessToken, string openId, CancellationToken cancellationToken = default);

    /// <summary>The app's client-credential access token, cached and shared (see <see cref="AccessTokenProvider"/>).</summary>
    Task<string> GetAccessTokenAsync(string appId, CancellationToken cancellationToken = default);

    /// <summary><c>GET /cgi-bin/token</c> without caching. Supersedes the app's previous token: prefer <see cref="GetAccessTokenAsync"/>.</summary>
    Task<WeChatTokenResponse> RequestClassicAccessTokenAsync(string appId, CancellationToken cancellationToken = default);

    /// <summary><c>POST /cgi-bin/stable_token</c> without caching.</summary>
    Task<WeChatTokenResponse> RequestStableAccessTokenAsync(string appId, bool forceRefresh = false, CancellationToken cancellationToken = default);

    /// <summary><c>POST /cgi-bin/message/custom/send</c>.</summary>
    Task SendCustomMessageAsync(string appId, WeChatCustomMessage message, CancellationToken cancellationToken = default);

    /// <summary><c>POST /wxa/business/getuserphonenumber</c> with the code of <c>getPhoneNumber</c>.</summary>
    Task<WeChatPhoneInfo> GetUserPhoneNumberAsync(string appId, string code, CancellationToken cancellationToken = default);

    /// <summary>The browser URL of the official-account OAuth2 consent page, in WeChat's exact form.</summary>
    string BuildAuthorizeUrl(string appId, string redirectUri, string scope, string state, bool? forcePopup = null);

    /// <summary>Decrypts open data with the session_key of the login that produced it and checks its watermark.</summary>
    JsonObject DecryptOpenData(string appId, string encryptedData, string sessionKey, string iv);
}
