using System.Text.Json.Nodes;
using Elements.Activation;
using Elements.WeChat.Client;
using Elements.WeChat.Errors;
using Elements.WeChat.Models;
using Elements.WeChat.OpenData;

namespace Elements.Std.Auths;

/// <summary>
/// <c>auths.loginTypes.WeChatMiniType</c>: WeChat Mini Program login. The WeChat client finds each instance's appId and
/// appSecret in its config (<see cref="WeChatElementApps"/>). Identities live in the child model
/// <c>WeChatMiniAuthModel</c> (one table for every instance, unique (appId, openid) and (appId, userId)); the
/// session_key is stored encrypted. getLoginCode, register, bind and unbind are the shared
/// <see cref="WeChatIdentityBinding"/> flow. WeChat is always called before anything is written, so a WeChat failure
/// changes nothing.
/// </summary>
[ElementType("auths.loginTypes.WeChatMiniType", ConfigType = typeof(WeChatMiniConfig))]
public sealed class WeChatMiniLoginElement : IUnionIdResolver, IUnionIdSharedTable
{
    public const string TypeName = "auths.loginTypes.WeChatMiniType";
    public const string AuthModelName = TypeName + ".WeChatMiniAuthModel";

    /// <summary>FieldProtector purpose of the stored session_key (one for every instance: the table is shared).</summary>
    public const string SessionKeyPurpose = AuthModelName + ".sessionKey";

    private const int MaxCodeLength = 512;

    private readonly AccountDatabase _accounts;
    private readonly UserAccounts _users;
    private readonly WeChatIdentityBinding _binding;
    private readonly WeChatMiniIdentityStore _identities;
    private readonly IWeChatClient _wechat;
    private readonly string _fullName;
    private readonly string _title;
    private readonly string _appId;
    private readonly bool _allowRegister;
    private readonly string _authModel;

    public WeChatMiniLoginElement(ElementContext context, WeChatMiniConfig config, IWeChatClient wechat, AccountDatabase accounts, UserAccounts users,
        WeChatIdentityBinding binding)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(config);
        var auth = config.AuthConfig;
        if (auth is null || string.IsNullOrWhiteSpace(auth.AppId) || string.IsNullOrWhiteSpace(auth.AppSecret))
        {
            throw new ElementException(AuthErrorCodes.Misconfigured, $"'{context.FullName}' needs authConfig.appId and authConfig.appSecret");
        }

        _accounts = accounts;
        _users = users;
        _binding = binding;
        _wechat = wechat;
        _fullName = context.FullName;
        _title = context.Definition.Title;
        _appId = auth.AppId.Trim();
        _allowRegister = config.AllowRegister == 1;
        var own = context.FullName + ".WeChatMiniAuthModel";
        _authModel = context.App.FindElements(own).Count > 0 ? own : AuthModelName;
        _identities = new WeChatMiniIdentityStore(accounts, _fullName, _appId, _authModel);
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
        return await _binding.LoginAsync(_identities, Identity(session), _allowRegister, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>register(bindCode)</c> → the new user row. The bindCode is consumed in the same transaction.</summary>
    public async Task<JsonObject> RegisterAsync(string bindCode, CancellationToken cancellationToken)
    {
        RequireCode(bindCode, nameof(bindCode));
        return await _binding.RegisterAsync(_identities, bindCode, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>bind(userId, code)</c> → <c>{userId, appId, openid, unionid}</c> (idempotent for the same pair).</summary>
    public async Task<JsonObject> BindAsync(long userId, string code, CancellationToken cancellationToken)
    {
        RequireUserId(userId);
        RequireCode(code, nameof(code));
        // Before WeChat: an unknown user must not spend the single-use code.
        await _users.RequireAsync(userId, cancellationToken).ConfigureAwait(false);
        var session = await _wechat.Code2SessionAsync(_appId, code, cancellationToken).ConfigureAwait(false);
        return await _binding.BindAsync(_identities, userId, Identity(session), cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>unbind(userId)</c> → <c>{userId, appId, openid, unbound: true}</c>; AUTH_NOT_BOUND when there is no binding.</summary>
    public async Task<JsonObject> UnbindAsync(long userId, CancellationToken cancellationToken)
    {
        RequireUserId(userId);
        return await _binding.UnbindAsync(_identities, userId, cancellationToken).ConfigureAwait(false);
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
        var row = await _identities.FindRowOfUserAsync(userId, cancellationToken).ConfigureAwait(false)
            ?? throw new ElementException(AuthErrorCodes.NotBound, $"user {userId} is not bound to this mini program");
        var protectedKey = (string?)row["sessionKey"]
            ?? throw new ElementException(AuthErrorCodes.NotBound, $"user {userId} has no session_key for this mini program; log in again");
        var sessionKey = _accounts.Protector.Unprotect(protectedKey, SessionKeyPurpose);
        try
        {
            if (rawData is not null || signature is not null)
            {
                WeChatOpenDataCrypto.VerifySignature(rawData ?? "", sessionKey, signature ?? "");
            }

            return _wechat.DecryptOpenData(_appId, encryptedData ?? "", sessionKey, iv ?? "");
        }
        catch (WeChatOpenDataException ex)
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
            await _users.RequireAsync(id, cancellationToken).ConfigureAwait(false);
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
            await _users.UpdateAsync(owner, new JsonObject { ["phone"] = info.PhoneNumber }, cancellationToken).ConfigureAwait(false);
            result["userId"] = owner;
        }

        return result;
    }

    /// <summary>The user bound to <paramref name="unionId"/> in any mini program (one shared table), or null.</summary>
    public Task<long?> FindUserIdByUnionIdAsync(string unionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(unionId);
        return _identities.FindUserIdByUnionIdAsync(unionId, cancellationToken);
    }

    public override string ToString() => $"{_fullName} (WeChat Mini Program {_appId})";

    private PendingIdentity Identity(WeChatSession session) => new(_fullName, _appId, session.OpenId, session.UnionId, session.SessionKey);

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
