namespace Elements.Std.Auths;

/// <summary>
/// Stable error codes of the account core and the login types. Every auth failure starts with <c>AUTH_</c> (the web
/// host maps those to 401 where a session is checked); WeChat failures keep the WeChat client's <c>WECHAT_&lt;errcode&gt;</c>.
/// </summary>
public static class AuthErrorCodes
{
    /// <summary>A required argument is missing or malformed (empty code, bad user id...).</summary>
    public const string InvalidArgument = "AUTH_INVALID_ARGUMENT";

    public const string LoginCodeInvalid = "AUTH_LOGIN_CODE_INVALID";
    public const string LoginCodeUsed = "AUTH_LOGIN_CODE_USED";
    public const string LoginCodeExpired = "AUTH_LOGIN_CODE_EXPIRED";

    public const string BindCodeInvalid = "AUTH_BIND_CODE_INVALID";
    public const string BindCodeUsed = "AUTH_BIND_CODE_USED";
    public const string BindCodeExpired = "AUTH_BIND_CODE_EXPIRED";

    /// <summary>The identity is not bound to any user and the login type does not allow registration.</summary>
    public const string NotRegistered = "AUTH_NOT_REGISTERED";

    /// <summary>register: the identity of the bindCode was bound to a user meanwhile.</summary>
    public const string AlreadyRegistered = "AUTH_ALREADY_REGISTERED";

    /// <summary>bind: the openid is already bound to another user.</summary>
    public const string BoundToOtherUser = "AUTH_OPENID_BOUND_TO_OTHER_USER";

    /// <summary>bind: the user already has another openid of this app.</summary>
    public const string UserAlreadyBound = "AUTH_USER_ALREADY_BOUND";

    /// <summary>unbind / decryptUserData: the user has no binding for this app.</summary>
    public const string NotBound = "AUTH_NOT_BOUND";

    public const string UserNotFound = "AUTH_USER_NOT_FOUND";

    /// <summary>Unknown username or wrong password (deliberately the same).</summary>
    public const string InvalidCredentials = "AUTH_INVALID_CREDENTIALS";

    public const string UsernameTaken = "AUTH_USERNAME_TAKEN";
    public const string InvalidUsername = "AUTH_INVALID_USERNAME";
    public const string WeakPassword = "AUTH_WEAK_PASSWORD";

    /// <summary>Too many failed password attempts for this username (known or not); details.retryAfterSeconds.</summary>
    public const string LockedOut = "AUTH_LOCKED_OUT";

    /// <summary>
    /// decryptUserData: the payload was rejected (details.reason: SignatureMismatch, BadPadding (not encrypted with the
    /// session_key of the user's latest login), NotJson, AppIdMismatch, MissingWatermark, InvalidInput).
    /// </summary>
    public const string UserDataInvalid = "AUTH_USER_DATA_INVALID";

    /// <summary>The element is misconfigured (e.g. no appId).</summary>
    public const string Misconfigured = "AUTH_MISCONFIGURED";
}
