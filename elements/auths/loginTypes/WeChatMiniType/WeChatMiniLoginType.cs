using System.Text.Json.Nodes;
using Elements.Activation;
using Elements.Data;
using Elements.Wechat;
using Microsoft.Extensions.Logging;

namespace Elements.Std.Auths;

/// <summary>
/// <c>auths.loginTypes.WeChatMiniType</c>: WeChat Mini Program login (seed 004). Each instance registers its appId and
/// appSecret with the WeChat client when activated. Identities live in the child model <c>WeChatMiniAuthModel</c>
/// (one table for every instance, unique (appId, openid) and (appId, userId)); the session_key is stored encrypted.
/// WeChat is always called before anything is written, so a WeChat failure changes nothing.
/// </summary>
[ElementType("auths.loginTypes.WeChatMiniType", ConfigType = typeof(WeChatMiniConfig))]
public sealed class WeChatMiniLoginType : IUnionIdResolver, IUnionIdSharedTable
{
    public const string TypeName = "auths.loginTypes.WeChatMiniType";
    public const string AuthModelName = TypeName + ".WeChatMiniAuthModel";

    /// <summary>FieldProtector purpose of the stored session_key (one for every instance: the table is shared).</summary>
    public const string SessionKeyPurpose = AuthModelName + ".sessionKey";

    private const int MaxCodeLength = 512;

    private readonly AccountService _accounts;
    private readonly IWechatClient _wechat;
    private readonly ILogger _logger;
    private readonly string _fullName;
    private readonly string _title;
    private readonly string _appId;
    private readonly bool _allowRegister;
    private readonly string _authModel;

    public WeChatMiniLoginType(ElementContext context, WeChatMiniConfig config, IWechatClient wechat, WechatAppRegistry registry,
        ILogger<WeChatMiniLoginType> logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(registry);
        var auth = config.AuthConfig;
        if (auth is null || string.IsNullOrWhiteSpace(auth.AppId) || string.IsNullOrWhiteSpace(auth.AppSecret))
        {
            throw new ElementException(AuthErrorCodes.Misconfigured, $"'{context.FullName}' needs authConfig.appId and authConfig.appSecret");
        }

        _accounts = AccountService.For(context.App);
        _wechat = wechat;
        _logger = logger;
        _fullName = context.FullName;
        _title = context.Definition.Title;
        _appId = auth.AppId.Trim();
        _allowRegister = config.AllowRegister == 1;
        var own = context.FullName + ".WeChatMiniAuthModel";
        _authModel = context.App.FindElements(own).Count > 0 ? own : AuthModelName;
        registry.Register(new WechatAppOptions
        {
            AppId = _appId,
            AppSecret = auth.AppSecret,
            ApiBaseUrl = string.IsNullOrWhiteSpace(auth.ApiBaseUrl) ? null : auth.ApiBaseUrl,
        });
    }

    public string AppId => _appId;

    /// <summary>Full name of the auth model this instance uses.</summary>
    public string AuthModel => _authModel;

    /// <summary>
    /// <c>getLoginCode(code)</c>: a bound user → <c>{loginCode, corpList, userId}</c>; an unknown one → <c>{bindCode}</c>
    /// (allowRegister 1) or AUTH_NOT_REGISTERED.
    /// </summary>
    public async Task<JsonObject> GetLoginCodeAsync(string code, CancellationToken cancellationToken)
    {
        RequireCode(code, nameof(code));
        var session = await _wechat.Code2SessionAsync(_appId, code, cancellationToken).ConfigureAwait(false);
        var store = await AuthStoreAsync(cancellationToken).ConfigureAwait(false);

        // The returning user (the common case): the binding's new session_key and the loginCode are written in one
        // transaction, so a login takes one turn at the database's write lock and is stored entirely or not at all.
        var issued = await _accounts.RunInTransactionAsync(async ct =>
            await FindAndRefreshAsync(store, session, ct).ConfigureAwait(false) is { } known
                ? await _accounts.IssueLoginCodeAsync(known, _fullName, ct).ConfigureAwait(false)
                : null, [_authModel], cancellationToken).ConfigureAwait(false);
        if (issued is not null)
        {
            return issued;
        }

        // Outside a transaction: linking may lose a unique-key race to a concurrent login and then looks again.
        if (await _accounts.FindUserIdByUnionIdAsync(session.UnionId, cancellationToken).ConfigureAwait(false) is { } linked)
        {
            var userId = await LinkAsync(store, linked, session, cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("Linked user {UserId} to {LoginElement} through its unionid", userId, _fullName);
            return await _accounts.IssueLoginCodeAsync(userId, _fullName, cancellationToken).ConfigureAwait(false);
        }

        if (!_allowRegister)
        {
            throw new ElementException(AuthErrorCodes.NotRegistered,
                "this WeChat user is not registered and this login method does not allow registration");
        }

        var bindCode = await _accounts.IssueBindCodeAsync(
            new PendingIdentity(_fullName, _appId, session.OpenId, session.UnionId, session.SessionKey), cancellationToken).ConfigureAwait(false);
        return new JsonObject { ["bindCode"] = bindCode };
    }

    /// <summary><c>register(bindCode)</c> → the new user row. The bindCode is consumed in the same transaction.</summary>
    public async Task<JsonObject> RegisterAsync(string bindCode, CancellationToken cancellationToken)
    {
        RequireCode(bindCode, nameof(bindCode));
        var store = await AuthStoreAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var user = await _accounts.RunInTransactionAsync(async ct =>
            {
                var identity = await _accounts.RedeemBindCodeAsync(bindCode, _fullName, ct).ConfigureAwait(false);
                if (!string.Equals(identity.AppId, _appId, StringComparison.Ordinal))
                {
                    throw new ElementException(AuthErrorCodes.BindCodeInvalid, "the bindCode was issued for another mini program");
                }

                if (await store.GetAsync(Q.And(Q.Eq("appId", _appId), Q.Eq("openid", identity.OpenId)), null, ct).ConfigureAwait(false) is not null)
                {
                    throw AlreadyRegistered();
                }

                var created = await _accounts.CreateUserAsync(identity.Profile, ct).ConfigureAwait(false);
                await store.CreateAsync(NewAuthRow((long)created["userId"]!, identity.OpenId, identity.UnionId, identity.Secret), ct)
                    .ConfigureAwait(false);
                return created;
            }, [_authModel], cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("Registered user {UserId} through {LoginElement}", (long?)user["userId"], _fullName);
            return user;
        }
        catch (ConstraintViolationException ex) when (ex.Kind == "unique")
        {
            throw AlreadyRegistered();
        }
    }

    /// <summary><c>bind(userId, code)</c> → <c>{userId, appId, openid, unionid}</c> (idempotent for the same pair).</summary>
    public async Task<JsonObject> BindAsync(long userId, string code, CancellationToken cancellationToken)
    {
        RequireUserId(userId);
        RequireCode(code, nameof(code));
        await _accounts.RequireUserAsync(userId, cancellationToken).ConfigureAwait(false);
        var session = await _wechat.Code2SessionAsync(_appId, code, cancellationToken).ConfigureAwait(false);
        var store = await AuthStoreAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            var existing = await store.GetAsync(Q.And(Q.Eq("appId", _appId), Q.Eq("openid", session.OpenId)), null, cancellationToken)
                .ConfigureAwait(false);
            if (existing is not null)
            {
                if ((long)existing["userId"]! != userId)
                {
                    throw new ElementException(AuthErrorCodes.BoundToOtherUser, "this WeChat user is already bound to another user");
                }

                await RefreshAsync(store, existing, session, cancellationToken).ConfigureAwait(false);
                return BindResult(userId, session);
            }

            if (await store.GetAsync(Q.And(Q.Eq("appId", _appId), Q.Eq("userId", userId)), null, cancellationToken).ConfigureAwait(false) is not null)
            {
                throw new ElementException(AuthErrorCodes.UserAlreadyBound,
                    "this user is already bound to another WeChat user of this mini program; unbind first");
            }

            try
            {
                await store.CreateAsync(NewAuthRow(userId, session.OpenId, session.UnionId, session.SessionKey), cancellationToken).ConfigureAwait(false);
                _logger.LogInformation("Bound user {UserId} through {LoginElement}", userId, _fullName);
                return BindResult(userId, session);
            }
            catch (ConstraintViolationException ex) when (ex.Kind == "unique" && attempt == 0)
            {
                // A concurrent bind or login won the race: look again and report what is there now.
            }
        }
    }

    /// <summary><c>unbind(userId)</c> → <c>{userId, appId, unbound: true}</c>; AUTH_NOT_BOUND when there is no binding.</summary>
    public async Task<JsonObject> UnbindAsync(long userId, CancellationToken cancellationToken)
    {
        RequireUserId(userId);
        var store = await AuthStoreAsync(cancellationToken).ConfigureAwait(false);
        var count = await store.DeleteByFilterAsync(Q.And(Q.Eq("appId", _appId), Q.Eq("userId", userId)), cancellationToken).ConfigureAwait(false);
        if (count == 0)
        {
            throw new ElementException(AuthErrorCodes.NotBound, $"user {userId} is not bound to this mini program");
        }

        _logger.LogInformation("Unbound user {UserId} from {LoginElement}", userId, _fullName);
        return new JsonObject { ["userId"] = userId, ["appId"] = _appId, ["unbound"] = true };
    }

    /// <summary><c>getLoginConfig()</c> → public settings only (never the appSecret).</summary>
    public JsonObject GetLoginConfig() => new()
    {
        ["name"] = _fullName,
        ["title"] = _title,
        ["type"] = TypeName,
        ["appId"] = _appId,
        ["allowRegister"] = _allowRegister ? 1 : 0,
    };

    /// <summary>
    /// <c>decryptUserData(userId, encryptedData, iv[, rawData, signature])</c> → the decrypted open data (its watermark
    /// must name this app). With rawData and signature, the signature is checked first. A rejected payload is AUTH_USER_DATA_INVALID (details.reason).
    /// </summary>
    public async Task<JsonObject> DecryptUserDataAsync(long userId, string encryptedData, string iv, string? rawData = null, string? signature = null,
        CancellationToken cancellationToken = default)
    {
        RequireUserId(userId);
        var store = await AuthStoreAsync(cancellationToken).ConfigureAwait(false);
        var row = await store.GetAsync(Q.And(Q.Eq("appId", _appId), Q.Eq("userId", userId)), null, cancellationToken).ConfigureAwait(false)
            ?? throw new ElementException(AuthErrorCodes.NotBound, $"user {userId} is not bound to this mini program");
        var protectedKey = (string?)row["sessionKey"]
            ?? throw new ElementException(AuthErrorCodes.NotBound, $"user {userId} has no session_key for this mini program; log in again");
        var sessionKey = _accounts.Protector.Unprotect(protectedKey, SessionKeyPurpose);
        try
        {
            if (rawData is not null || signature is not null)
            {
                WechatOpenDataCrypto.VerifySignature(rawData ?? "", sessionKey, signature ?? "");
            }

            return _wechat.DecryptOpenData(_appId, encryptedData ?? "", sessionKey, iv ?? "");
        }
        catch (WechatOpenDataException ex)
        {
            // A client-side problem with the payload (422), not a failure of WeChat: reported with its reason only.
            throw new AuthException(AuthErrorCodes.UserDataInvalid, "the user data was rejected: " + ex.Message,
                new JsonObject { ["reason"] = ex.Reason.ToString() });
        }
    }

    /// <summary>
    /// <c>getPhoneNumber(phoneCode[, userId])</c> → <c>{phoneNumber, purePhoneNumber, countryCode}</c>; with a userId the
    /// user must exist (checked before the code is spent), <c>phoneNumber</c> is stored on the user and <c>userId</c> is
    /// added to the result.
    /// </summary>
    public async Task<JsonObject> GetPhoneNumberAsync(string phoneCode, long? userId = null, CancellationToken cancellationToken = default)
    {
        RequireCode(phoneCode, nameof(phoneCode));
        if (userId is { } id)
        {
            RequireUserId(id);
            await _accounts.RequireUserAsync(id, cancellationToken).ConfigureAwait(false);
        }

        var info = await _wechat.GetUserPhoneNumberAsync(_appId, phoneCode, cancellationToken).ConfigureAwait(false);
        var result = new JsonObject
        {
            ["phoneNumber"] = info.PhoneNumber,
            ["purePhoneNumber"] = info.PurePhoneNumber,
            ["countryCode"] = info.CountryCode,
        };
        if (userId is { } owner)
        {
            await _accounts.UpdateUserAsync(owner, new JsonObject { ["phone"] = info.PhoneNumber }, cancellationToken).ConfigureAwait(false);
            result["userId"] = owner;
        }

        return result;
    }

    /// <summary>The user bound to <paramref name="unionId"/> in any mini program (one shared table), or null.</summary>
    public async Task<long?> FindUserIdByUnionIdAsync(string unionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(unionId);
        var store = await AuthStoreAsync(cancellationToken).ConfigureAwait(false);
        var row = await store.GetAsync(Q.Eq("unionid", unionId), [OrderBy.Asc("id")], cancellationToken).ConfigureAwait(false);
        return (long?)row?["userId"];
    }

    public override string ToString() => $"{_fullName} (WeChat Mini Program {_appId})";

    private Task<ModelStore> AuthStoreAsync(CancellationToken ct) => _accounts.StoreAsync(_authModel, ct);

    private async Task<long?> FindAndRefreshAsync(ModelStore store, WechatSession session, CancellationToken ct)
    {
        var row = await store.GetAsync(Q.And(Q.Eq("appId", _appId), Q.Eq("openid", session.OpenId)), null, ct).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        await RefreshAsync(store, row, session, ct).ConfigureAwait(false);
        return (long)row["userId"]!;
    }

    /// <summary>Stores the login's session_key (and a unionid WeChat now reports) on the binding.</summary>
    private async Task RefreshAsync(ModelStore store, JsonObject row, WechatSession session, CancellationToken ct)
    {
        var changes = new JsonObject
        {
            ["sessionKey"] = _accounts.Protector.Protect(session.SessionKey, SessionKeyPurpose),
            ["updatedAt"] = AccountService.Instant(_accounts.UtcNow),
        };
        if (!string.IsNullOrEmpty(session.UnionId))
        {
            changes["unionid"] = session.UnionId;
        }

        await store.UpdateByPKAsync(row["id"]!.DeepClone(), changes, ct).ConfigureAwait(false);
    }

    /// <summary>Binds the openid to a user found by unionid; a concurrent login that bound it first wins.</summary>
    private async Task<long> LinkAsync(ModelStore store, long userId, WechatSession session, CancellationToken ct)
    {
        try
        {
            await store.CreateAsync(NewAuthRow(userId, session.OpenId, session.UnionId, session.SessionKey), ct).ConfigureAwait(false);
            return userId;
        }
        catch (ConstraintViolationException ex) when (ex.Kind == "unique")
        {
            return await FindAndRefreshAsync(store, session, ct).ConfigureAwait(false)
                ?? throw new ElementException(AuthErrorCodes.UserAlreadyBound,
                    "the user of this unionid is already bound to another WeChat user of this mini program");
        }
    }

    private JsonObject NewAuthRow(long userId, string openId, string? unionId, string? sessionKey)
    {
        var now = AccountService.Instant(_accounts.UtcNow);
        return new JsonObject
        {
            ["userId"] = userId,
            ["appId"] = _appId,
            ["openid"] = openId,
            ["unionid"] = string.IsNullOrEmpty(unionId) ? null : unionId,
            ["sessionKey"] = sessionKey is null ? null : _accounts.Protector.Protect(sessionKey, SessionKeyPurpose),
            ["createdAt"] = now,
            ["updatedAt"] = now,
        };
    }

    private JsonObject BindResult(long userId, WechatSession session) => new()
    {
        ["userId"] = userId,
        ["appId"] = _appId,
        ["openid"] = session.OpenId,
        ["unionid"] = session.UnionId,
    };

    private static ElementException AlreadyRegistered() =>
        new(AuthErrorCodes.AlreadyRegistered, "this WeChat user is already registered; log in with getLoginCode");

    private static void RequireCode(string? code, string name)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > MaxCodeLength)
        {
            throw new ElementException(AuthErrorCodes.InvalidArgument, $"{name} is required (at most {MaxCodeLength} characters)");
        }
    }

    private static void RequireUserId(long userId)
    {
        if (userId <= 0)
        {
            throw new ElementException(AuthErrorCodes.InvalidArgument, "userId must be a positive integer");
        }
    }
}
