using System.Text.Json.Nodes;
using Elements.Activation;
using Elements.WeChat.Client;
using Elements.WeChat.Errors;
using Elements.WeChat.Models;
using Microsoft.Extensions.Logging;

namespace Elements.Std.Auths.WeChatPublic;

/// <summary>
/// <c>auths.loginTypes.WechatPublicType</c>: WeChat Official Account web login (OAuth2, as JitAi documents it).
/// <list type="bullet">
/// <item><c>login(redirectUrl)</c> checks the redirect URL against <c>redirectDomains</c> and returns WeChat's authorize
/// URL with a fresh signed, expiring, single-use state (or the config's pinned state).</item>
/// <item><c>getLoginCode(code, state)</c> verifies the state, exchanges the code, stores the user's row and returns
/// <c>{loginCode, corpList, userId}</c> for a known user (bound openid, or a unionid bound through another WeChat app)
/// or <c>{bindCode}</c> for a new one; <c>register</c>, <c>bind</c>, <c>unbind</c> as for the mini program.</item>
/// <item>The OAuth calls themselves (<see cref="FetchAccessTokenAsync"/>, <see cref="FetchUserInfoAsync"/>,
/// <see cref="RefreshAsync"/>) back the child service <c>services.WechatPublicAuthSvc</c>.</item>
/// </list>
/// getLoginCode, register, bind and unbind are the shared <see cref="WeChatIdentityBinding"/> flow over this instance's
/// rows; the WeChat client finds the appId / appSecret in the instance's config (<see cref="WeChatElementApps"/>).
/// </summary>
[ElementType("auths.loginTypes.WechatPublicType", ConfigType = typeof(WeChatPublicConfig))]
public sealed partial class WeChatPublicLoginElement : IUnionIdResolver, IUnionIdSharedTable
{
    private readonly WeChatPublicConfig _config;
    private readonly IWeChatClient _client;
    private readonly TimeProvider _time;
    private readonly ILogger<WeChatPublicLoginElement> _logger;
    private readonly WeChatPublicState _state;
    private readonly UserAccounts _users;
    private readonly WeChatIdentityBinding _binding;
    private readonly WeChatPublicIdentityStore _identities;

    public WeChatPublicLoginElement(
        ElementContext context,
        WeChatPublicConfig config,
        IWeChatClient client,
        FieldProtector protector,
        TimeProvider time,
        UserAccounts users,
        WeChatIdentityBinding binding,
        ILogger<WeChatPublicLoginElement> logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(config);
        FullName = context.FullName;
        App = context.App;
        _config = config;
        _client = client;
        _time = time;
        _logger = logger;
        // The issuer is the official account plus the element app and instance: a state of another app or instance is foreign.
        _state = new WeChatPublicState(config.AppId, $"{context.App.AppId}/{FullName}", WeChatPublicState.KeyMaterial(config));
        Store = new WeChatPublicAuthStore(context.App, FullName, protector, time);
        _users = users;
        _binding = binding;
        _identities = new WeChatPublicIdentityStore(Store, FullName, config.AppId);
    }

    public string FullName { get; }

    public ElementApp App { get; }

    /// <summary>The official account's AppID.</summary>
    public string AppId => _config.AppId;

    public string Scope => _config.Scope;

    /// <summary>The bound config (its ToString masks the secrets).</summary>
    public WeChatPublicConfig Config => _config;

    public WeChatPublicAuthStore Store { get; }

    // ------------------------------------------------------------------ browser side

    /// <summary>
    /// JitAi's <c>login(redirectUrl)</c>: WeChat's authorize URL
    /// (<c>…/connect/oauth2/authorize?appid=…&amp;redirect_uri=…&amp;response_type=code&amp;scope=…&amp;state=…#wechat_redirect</c>).
    /// AUTH_REDIRECT_INVALID / AUTH_REDIRECT_DOMAIN for a redirect URL that is not allowed; with <paramref name="userAgent"/>
    /// given, AUTH_NOT_WECHAT_BROWSER outside WeChat (the consent page only works inside WeChat). <paramref name="scope"/>
    /// overrides the config's scope for this login (e.g. a silent <c>snsapi_base</c> login first).
    /// </summary>
    public string Login(string? redirectUrl = null, string? userAgent = null, string? scope = null)
    {
        var redirect = RedirectPolicy.Check(redirectUrl, _config.RedirectDomains);
        if (scope is not (null or WeChatScopes.UserInfo or WeChatScopes.Base))
        {
            throw new ElementException(WeChatPublicErrorCodes.ScopeInvalid, $"'scope' must be '{WeChatScopes.UserInfo}' or '{WeChatScopes.Base}'");
        }

        if (userAgent is not null && !WeChatBrowser.IsWeChat(userAgent))
        {
            throw new ElementException(WeChatPublicErrorCodes.NotWeChatBrowser,
                "WeChat login only works inside WeChat: open this page in WeChat (for example by scanning its QR code)");
        }

        var state = _config.HasPinnedState ? _config.State! : _state.Issue(_time.GetUtcNow().AddSeconds(_config.StateTtlSeconds));
        return _client.BuildAuthorizeUrl(_config.AppId, redirect, scope ?? _config.Scope, state);
    }

    /// <summary>True in WeChat's in-app browser (User-Agent contains <c>MicroMessenger</c>).</summary>
    public bool IsWeChatBrowser(string? userAgent = null) => WeChatBrowser.IsWeChat(userAgent);

    /// <summary><c>{isWechat, isWechatWork, isMiniProgram, version}</c> of a User-Agent.</summary>
    public WeChatBrowserInfo DetectBrowser(string? userAgent = null) => WeChatBrowser.Detect(userAgent);

    /// <summary>Public settings only (no secret): appId, scope, redirectDomains, allowRegister, whether the state is pinned.</summary>
    public JsonObject GetLoginConfig() => new()
    {
        ["appId"] = _config.AppId,
        ["scope"] = _config.Scope,
        ["redirectDomains"] = new JsonArray([.. _config.RedirectDomains.Select(d => (JsonNode?)JsonValue.Create(d))]),
        ["allowRegister"] = _config.AllowRegister,
        ["pinnedState"] = _config.HasPinnedState,
    };

    /// <summary>
    /// Checks a callback's state: the pinned state in constant time, or an issued state's issuer, signature, expiry,
    /// and single use (consumed here). AUTH_STATE_MISSING / _MALFORMED / _FOREIGN / _INVALID / _EXPIRED / _REPLAYED.
    /// </summary>
    public async Task VerifyStateAsync(string? state, CancellationToken cancellationToken = default)
    {
        if (_config.HasPinnedState)
        {
            WeChatPublicState.VerifyPinned(state, _config.State!);
            return;
        }

        var nonce = _state.Verify(state, _time.GetUtcNow());
        await Store.ConsumeStateAsync(_config.AppId, nonce, WeChatPublicState.ExpiryOf(state!), cancellationToken).ConfigureAwait(false);
    }

    // ------------------------------------------------------------------ OAuth (the service's functions)

    /// <summary><c>sns/oauth2/access_token</c>: exchanges the code, stores the tokens (encrypted) and returns JitAi's documented shape.</summary>
    public async Task<WeChatPublicTokenInfo> FetchAccessTokenAsync(string? code, CancellationToken cancellationToken = default)
    {
        var token = await ExchangeAsync(code, cancellationToken).ConfigureAwait(false);
        await Store.SaveAsync(_config.AppId, token, null, cancellationToken).ConfigureAwait(false);
        return WeChatPublicTokenInfo.From(token);
    }

    /// <summary>
    /// Exchanges the code and, when the user granted <c>snsapi_userinfo</c>, reads the profile (an expired or rejected
    /// access token is refreshed once and the call retried); with <c>snsapi_base</c> returns <c>{openid}</c> (plus
    /// unionid when WeChat gave one) without calling <c>sns/userinfo</c>. Stores or updates the user's row.
    /// </summary>
    public async Task<JsonObject> FetchUserInfoAsync(string? code, CancellationToken cancellationToken = default) =>
        (await AuthorizeAsync(code, cancellationToken).ConfigureAwait(false)).UserInfo;

    /// <summary><c>sns/oauth2/refresh_token</c>: a fresh access token; updates the stored row of its openid.</summary>
    public async Task<WeChatPublicTokenInfo> RefreshAsync(string? refreshToken, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(refreshToken))
        {
            throw new ElementException(WeChatPublicErrorCodes.ArgumentMissing, "'refreshToken' is required");
        }

        WeChatOAuthToken token;
        try
        {
            token = await _client.RefreshOAuthTokenAsync(_config.AppId, refreshToken, cancellationToken).ConfigureAwait(false);
        }
        catch (WeChatException ex)
        {
            throw WeChatPublicLoginException.Explain(ex);
        }

        await Store.SaveAsync(_config.AppId, token, null, cancellationToken).ConfigureAwait(false);
        return WeChatPublicTokenInfo.From(token);
    }

    /// <summary>
    /// Reads a stored user's profile again with the stored tokens: refreshes first when the access token has expired,
    /// and refreshes and retries once when WeChat rejects it (42001 / 40001 / 40014). AUTH_WECHAT_NOT_AUTHORIZED
    /// when the openid has no stored authorization.
    /// </summary>
    public async Task<JsonObject> SyncUserInfoAsync(string? openid, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(openid))
        {
            throw new ElementException(WeChatPublicErrorCodes.ArgumentMissing, "'openid' is required");
        }

        var stored = await Store.FindAsync(_config.AppId, openid, cancellationToken).ConfigureAwait(false);
        if (stored?.AccessToken is null || stored.RefreshToken is null)
        {
            throw new ElementException(WeChatPublicErrorCodes.NotAuthorized, $"openid '{openid}' has no stored authorization for this official account");
        }

        var token = new WeChatOAuthToken(stored.AccessToken, stored.ExpiresIn, stored.RefreshToken, openid, _config.Scope, stored.UnionId, false);
        var expired = stored.UpdatedAt is not { } updated || updated.AddSeconds(stored.ExpiresIn) <= _time.GetUtcNow();
        if (expired)
        {
            token = await RefreshTokenAsync(token, cancellationToken).ConfigureAwait(false);
        }

        var (profile, current) = await ReadProfileAsync(token, allowRefresh: !expired, cancellationToken).ConfigureAwait(false);
        await Store.SaveAsync(_config.AppId, current, profile, cancellationToken).ConfigureAwait(false);
        return UserInfoJson(profile, current);
    }

    // ------------------------------------------------------------------ login integration (account core)

    /// <summary>
    /// The callback of a login: verifies the state, exchanges the code, stores the profile, then returns
    /// <c>{loginCode, corpList, userId}</c> for a known user or <c>{bindCode}</c> for a new one (AUTH_NOT_REGISTERED
    /// when <c>allowRegister</c> is 0). A unionid bound through another WeChat app links this openid to that user.
    /// </summary>
    public async Task<JsonObject> GetLoginCodeAsync(string? code = null, string? state = null, CancellationToken cancellationToken = default)
    {
        var result = await AuthorizeAsync(code, cancellationToken, state, verifyState: true).ConfigureAwait(false);
        return await _binding.LoginAsync(_identities, Identity(result), _config.AllowRegister == 1, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates the user of a bindCode from <see cref="GetLoginCodeAsync"/> and binds the openid to it; returns the new
    /// user row. AUTH_BIND_CODE_INVALID / _USED / _EXPIRED; AUTH_ALREADY_REGISTERED when the openid was bound meanwhile.
    /// </summary>
    public async Task<JsonObject> RegisterAsync(string? bindCode = null, CancellationToken cancellationToken = default)
    {
        // The auth model is opened (its table synced) before the transaction starts.
        await Store.AuthModel.OpenStoreAsync(cancellationToken).ConfigureAwait(false);
        return await _binding.RegisterAsync(_identities, bindCode ?? "", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Binds the WeChat user of a callback (code and state, as for <see cref="GetLoginCodeAsync"/>) to an existing user
    /// (the caller checks that <paramref name="userId"/> is the session's user): <c>{userId, appId, openid, unionid}</c>.
    /// AUTH_OPENID_BOUND_TO_OTHER_USER, AUTH_USER_ALREADY_BOUND, AUTH_USER_NOT_FOUND.
    /// </summary>
    public async Task<JsonObject> BindAsync(long? userId = null, string? code = null, string? state = null, CancellationToken cancellationToken = default)
    {
        if (userId is not { } id)
        {
            throw new ElementException(AuthErrorCodes.InvalidArgument, "'userId' is required");
        }

        // Before WeChat: an unknown user must not spend the code nor the state.
        await _users.RequireAsync(id, cancellationToken).ConfigureAwait(false);
        var result = await AuthorizeAsync(code, cancellationToken, state, verifyState: true).ConfigureAwait(false);
        return await _binding.BindAsync(_identities, id, Identity(result), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the user's binding to this official account: <c>{userId, appId, openid, unbound}</c>; AUTH_NOT_BOUND when there is none.</summary>
    public async Task<JsonObject> UnbindAsync(long? userId = null, CancellationToken cancellationToken = default)
    {
        if (userId is not { } id)
        {
            throw new ElementException(AuthErrorCodes.InvalidArgument, "'userId' is required");
        }

        return await _binding.UnbindAsync(_identities, id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>For <see cref="UnionIdLookup"/>: the user bound to a unionid through any official account.</summary>
    public Task<long?> FindUserIdByUnionIdAsync(string unionId, CancellationToken cancellationToken = default) =>
        Store.FindUserIdByUnionIdAsync(unionId, cancellationToken);

    public override string ToString() => $"{FullName} (WechatPublicType, appId {_config.AppId}, scope {_config.Scope})";

    // ------------------------------------------------------------------ internals

    private async Task<AuthorizeResult> AuthorizeAsync(string? code, CancellationToken cancellationToken, string? state = null, bool verifyState = false)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            throw new ElementException(WeChatPublicErrorCodes.ArgumentMissing, "'code' is required: the code WeChat appended to the redirect URL");
        }

        if (verifyState)
        {
            // Before the exchange: a forged callback must not spend the user's code.
            await VerifyStateAsync(state, cancellationToken).ConfigureAwait(false);
        }

        var token = await ExchangeAsync(code, cancellationToken).ConfigureAwait(false);
        WeChatUserInfo? profile = null;
        if (HasUserInfoScope(token.Scope))
        {
            (profile, token) = await ReadProfileAsync(token, allowRefresh: true, cancellationToken).ConfigureAwait(false);
        }

        var row = await Store.SaveAsync(_config.AppId, token, profile, cancellationToken).ConfigureAwait(false);
        return new AuthorizeResult(token, profile, row, profile?.UnionId ?? token.UnionId, UserInfoJson(profile, token));
    }

    private async Task<WeChatOAuthToken> ExchangeAsync(string? code, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            throw new ElementException(WeChatPublicErrorCodes.ArgumentMissing, "'code' is required: the code WeChat appended to the redirect URL");
        }

        try
        {
            return await _client.ExchangeOAuthCodeAsync(_config.AppId, code.Trim(), cancellationToken).ConfigureAwait(false);
        }
        catch (WeChatException ex)
        {
            LogWeChatFailure(_logger, FullName, "sns/oauth2/access_token", ex.Code);
            throw WeChatPublicLoginException.Explain(ex);
        }
    }

    private async Task<(WeChatUserInfo Profile, WeChatOAuthToken Token)> ReadProfileAsync(WeChatOAuthToken token, bool allowRefresh,
        CancellationToken cancellationToken)
    {
        try
        {
            return (await _client.GetUserInfoAsync(_config.AppId, token.AccessToken, token.OpenId, "zh_CN", cancellationToken).ConfigureAwait(false), token);
        }
        catch (WeChatInvalidCredentialException ex) when (allowRefresh)
        {
            // 42001 expired / 40001 / 40014: refresh with the refresh_token, then retry once.
            LogRefreshing(_logger, FullName, ex.Code);
            var refreshed = await RefreshTokenAsync(token, cancellationToken).ConfigureAwait(false);
            return await ReadProfileAsync(refreshed, allowRefresh: false, cancellationToken).ConfigureAwait(false);
        }
        catch (WeChatException ex)
        {
            throw WeChatPublicLoginException.Explain(ex);
        }
    }

    private async Task<WeChatOAuthToken> RefreshTokenAsync(WeChatOAuthToken token, CancellationToken cancellationToken)
    {
        try
        {
            var refreshed = await _client.RefreshOAuthTokenAsync(_config.AppId, token.RefreshToken, cancellationToken).ConfigureAwait(false);
            // The refresh answer has no unionid: keep the one the exchange gave.
            return refreshed with { UnionId = refreshed.UnionId ?? token.UnionId };
        }
        catch (WeChatException ex)
        {
            throw WeChatPublicLoginException.Explain(ex);
        }
    }

    /// <summary>Who the callback named, with the profile's name and avatar for a user registered from it.</summary>
    private PendingIdentity Identity(AuthorizeResult result)
    {
        var profile = new JsonObject();
        if (result.Profile is { } p)
        {
            profile["name"] = p.Nickname;
            profile["avatar"] = p.HeadImgUrl;
        }

        return new PendingIdentity(FullName, _config.AppId, result.Token.OpenId, result.UnionId, null, profile);
    }

    private static bool HasUserInfoScope(string? scope) =>
        scope is not null && scope.Split(',', StringSplitOptions.TrimEntries).Contains(WeChatScopes.UserInfo, StringComparer.Ordinal);

    private static JsonObject UserInfoJson(WeChatUserInfo? profile, WeChatOAuthToken token)
    {
        if (profile is null)
        {
            // snsapi_base: the openid-only form.
            var basic = new JsonObject { ["openid"] = token.OpenId };
            if (!string.IsNullOrEmpty(token.UnionId))
            {
                basic["unionid"] = token.UnionId;
            }

            return basic;
        }

        return new JsonObject
        {
            ["openid"] = profile.OpenId,
            ["nickname"] = profile.Nickname,
            ["headimgurl"] = profile.HeadImgUrl,
            ["sex"] = profile.Sex,
            ["province"] = profile.Province,
            ["city"] = profile.City,
            ["country"] = profile.Country,
            ["unionid"] = profile.UnionId ?? token.UnionId,
        };
    }

    private sealed record AuthorizeResult(WeChatOAuthToken Token, WeChatUserInfo? Profile, JsonObject Row, string? UnionId, JsonObject UserInfo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WeChat official account login {Element}: {Endpoint} failed with {Code}")]
    private static partial void LogWeChatFailure(ILogger logger, string element, string endpoint, string code);

    [LoggerMessage(Level = LogLevel.Information, Message = "WeChat official account login {Element}: access token rejected ({Code}), refreshing and retrying once")]
    private static partial void LogRefreshing(ILogger logger, string element, string code);
}

/// <summary>JitAi's <c>getAccessToken</c> / <c>refreshToken</c> result, with WeChat's snake_case keys.</summary>
public sealed record WeChatPublicTokenInfo(
    [property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string AccessToken,
    [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn,
    [property: System.Text.Json.Serialization.JsonPropertyName("refresh_token")] string RefreshToken,
    [property: System.Text.Json.Serialization.JsonPropertyName("openid")] string OpenId,
    [property: System.Text.Json.Serialization.JsonPropertyName("scope")] string Scope)
{
    public static WeChatPublicTokenInfo From(WeChatOAuthToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return new WeChatPublicTokenInfo(token.AccessToken, token.ExpiresIn, token.RefreshToken, token.OpenId, token.Scope);
    }

    public override string ToString() =>
        $"WeChatPublicTokenInfo {{ access_token = ***, expires_in = {ExpiresIn}, refresh_token = ***, openid = {OpenId}, scope = {Scope} }}";
}
