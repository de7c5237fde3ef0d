using System.Text;
using System.Text.Json.Nodes;
using Elements.WeChat.Errors;
using Elements.WeChat.Http;
using Elements.WeChat.Messages;
using Elements.WeChat.Models;
using Elements.WeChat.OpenData;
using Elements.WeChat.Tokens;

namespace Elements.WeChat.Client;

/// <summary>The <see cref="IWeChatClient"/> over IHttpClientFactory's named client <c>Elements.WeChat</c>.</summary>
public sealed class WeChatClient : IWeChatClient
{
    private const string Code2SessionPath = "/sns/jscode2session";
    private const string OAuthAccessTokenPath = "/sns/oauth2/access_token";
    private const string OAuthRefreshTokenPath = "/sns/oauth2/refresh_token";
    private const string UserInfoPath = "/sns/userinfo";
    private const string AuthPath = "/sns/auth";
    private const string CustomSendPath = "/cgi-bin/message/custom/send";
    private const string PhoneNumberPath = "/wxa/business/getuserphonenumber";

    private readonly WeChatTransport _transport;
    private readonly WeChatTokenEndpoints _tokenEndpoints;
    private readonly AccessTokenProvider _tokens;

    internal WeChatClient(WeChatTransport transport, WeChatTokenEndpoints tokenEndpoints, AccessTokenProvider tokens)
    {
        _transport = transport;
        _tokenEndpoints = tokenEndpoints;
        _tokens = tokens;
    }

    public async Task<WeChatSession> Code2SessionAsync(string appId, string jsCode, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jsCode);
        var app = _transport.GetApp(appId);
        var json = await _transport.SendAsync(
            new WeChatRequest(
                appId,
                HttpMethod.Get,
                Code2SessionPath,
                [new("appid", appId), new("secret", app.AppSecret), new("js_code", jsCode), new("grant_type", "authorization_code")],
                null,
                [app.AppSecret, jsCode]),
            cancellationToken).ConfigureAwait(false);
        return new WeChatSession(
            WeChatJson.RequiredString(json, "openid", Code2SessionPath),
            WeChatJson.RequiredString(json, "session_key", Code2SessionPath),
            WeChatJson.OptionalString(json, "unionid"));
    }

    public async Task<WeChatOAuthToken> ExchangeOAuthCodeAsync(string appId, string code, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        var app = _transport.GetApp(appId);
        var json = await _transport.SendAsync(
            new WeChatRequest(
                appId,
                HttpMethod.Get,
                OAuthAccessTokenPath,
                [new("appid", appId), new("secret", app.AppSecret), new("code", code), new("grant_type", "authorization_code")],
                null,
                [app.AppSecret, code]),
            cancellationToken).ConfigureAwait(false);
        return ParseOAuthToken(json, OAuthAccessTokenPath);
    }

    public async Task<WeChatOAuthToken> RefreshOAuthTokenAsync(string appId, string refreshToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(refreshToken);
        var json = await _transport.SendAsync(
            new WeChatRequest(
                appId,
                HttpMethod.Get,
                OAuthRefreshTokenPath,
                [new("appid", appId), new("grant_type", "refresh_token"), new("refresh_token", refreshToken)],
                null,
                [refreshToken]),
            cancellationToken).ConfigureAwait(false);
        return ParseOAuthToken(json, OAuthRefreshTokenPath);
    }

    public async Task<WeChatUserInfo> GetUserInfoAsync(
        string appId, string oauthAccessToken, string openId, string lang = "zh_CN", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(oauthAccessToken);
        ArgumentException.ThrowIfNullOrWhiteSpace(openId);
        var json = await _transport.SendAsync(
            new WeChatRequest(
                appId,
                HttpMethod.Get,
                UserInfoPath,
                [new("access_token", oauthAccessToken), new("openid", openId), new("lang", lang)],
                null,
                [oauthAccessToken]),
            cancellationToken).ConfigureAwait(false);
        var privilege = new List<string>();
        if (json["privilege"] is JsonArray array)
        {
            foreach (var item in array)
            {
                if (item is JsonValue value && value.TryGetValue<string>(out var text))
                {
                    privilege.Add(text);
                }
            }
        }

        return new WeChatUserInfo(
            WeChatJson.RequiredString(json, "openid", UserInfoPath),
            WeChatJson.OptionalString(json, "nickname") ?? "",
            WeChatJson.OptionalInt(json, "sex") ?? 0,
            WeChatJson.OptionalString(json, "province") ?? "",
            WeChatJson.OptionalString(json, "city") ?? "",
            WeChatJson.OptionalString(json, "country") ?? "",
            WeChatJson.OptionalString(json, "headimgurl") ?? "",
            privilege,
            WeChatJson.OptionalString(json, "unionid"));
    }

    public async Task<bool> ValidateOAuthTokenAsync(string appId, string oauthAccessToken, string openId, CancellationToken cancellationToken = default)
    {
        try
        {
            await _transport.SendAsync(
                new WeChatRequest(appId, HttpMethod.Get, AuthPath, [new("access_token", oauthAccessToken), new("openid", openId)], null, [oauthAccessToken]),
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (WeChatException ex) when (ex.Errcode == 40003 || ex is WeChatInvalidCredentialException)
        {
            // A validity probe: "not valid" is its answer, not a failure.
            return false;
        }
    }

    public Task<string> GetAccessTokenAsync(string appId, CancellationToken cancellationToken = default) =>
        _tokens.GetTokenAsync(appId, cancellationToken);

    public Task<WeChatTokenResponse> RequestClassicAccessTokenAsync(string appId, CancellationToken cancellationToken = default) =>
        _tokenEndpoints.RequestClassicAsync(appId, cancellationToken);

    public Task<WeChatTokenResponse> RequestStableAccessTokenAsync(string appId, bool forceRefresh = false, CancellationToken cancellationToken = default) =>
        _tokenEndpoints.RequestStableAsync(appId, forceRefresh, cancellationToken);

    public Task SendCustomMessageAsync(string appId, WeChatCustomMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return SendWithAccessTokenAsync(appId, CustomSendPath, message.ToJson(), cancellationToken);
    }

    public async Task<WeChatPhoneInfo> GetUserPhoneNumberAsync(string appId, string code, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        var json = await SendWithAccessTokenAsync(appId, PhoneNumberPath, new JsonObject { ["code"] = code }, cancellationToken).ConfigureAwait(false);
        var info = json["phone_info"] as JsonObject
            ?? throw new WeChatHttpException(PhoneNumberPath, WeChatHttpFailureKind.MalformedResponse, 200, "the response lacks 'phone_info'");
        var watermark = info["watermark"] as JsonObject;
        return new WeChatPhoneInfo(
            WeChatJson.RequiredString(info, "phoneNumber", PhoneNumberPath),
            WeChatJson.RequiredString(info, "purePhoneNumber", PhoneNumberPath),
            WeChatJson.RequiredString(info, "countryCode", PhoneNumberPath),
            watermark is null ? null : WeChatJson.OptionalString(watermark, "appid"),
            watermark?["timestamp"] is JsonValue stamp && stamp.TryGetValue<long>(out var seconds) ? seconds : null);
    }

    public string BuildAuthorizeUrl(string appId, string redirectUri, string scope, string state, bool? forcePopup = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(redirectUri);
        ArgumentException.ThrowIfNullOrWhiteSpace(scope);
        var app = _transport.GetApp(appId);
        // WeChat rejects reordered parameters on some clients, so the documented order is kept exactly.
        var url = new StringBuilder(_transport.OpenBaseUrl(app))
            .Append("/connect/oauth2/authorize?appid=").Append(Uri.EscapeDataString(appId))
            .Append("&redirect_uri=").Append(Uri.EscapeDataString(redirectUri))
            .Append("&response_type=code")
            .Append("&scope=").Append(Uri.EscapeDataString(scope))
            .Append("&state=").Append(Uri.EscapeDataString(state ?? ""));
        if (forcePopup is { } popup)
        {
            url.Append("&forcePopup=").Append(popup ? "true" : "false");
        }

        return url.Append("#wechat_redirect").ToString();
    }

    public JsonObject DecryptOpenData(string appId, string encryptedData, string sessionKey, string iv) =>
        WeChatOpenDataCrypto.Decrypt(encryptedData, sessionKey, iv, appId);

    private async Task<JsonObject> SendWithAccessTokenAsync(string appId, string path, JsonObject body, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var token = await _tokens.GetTokenAsync(appId, cancellationToken).ConfigureAwait(false);
            try
            {
                // The body is re-serialized per attempt: a JsonObject can be sent any number of times.
                return await _transport.SendAsync(
                    new WeChatRequest(appId, HttpMethod.Post, path, [new("access_token", token)], body, [token]),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (WeChatInvalidCredentialException) when (attempt == 0)
            {
                // Drop the rejected token (only if nobody replaced it meanwhile) and retry once with a fresh one.
                await _tokens.InvalidateAsync(appId, token, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static WeChatOAuthToken ParseOAuthToken(JsonObject json, string path) => new(
        WeChatJson.RequiredString(json, "access_token", path),
        WeChatJson.OptionalInt(json, "expires_in") ?? 7200,
        WeChatJson.RequiredString(json, "refresh_token", path),
        WeChatJson.RequiredString(json, "openid", path),
        WeChatJson.OptionalString(json, "scope") ?? "",
        WeChatJson.OptionalString(json, "unionid"),
        WeChatJson.OptionalInt(json, "is_snapshotuser") == 1);
}
