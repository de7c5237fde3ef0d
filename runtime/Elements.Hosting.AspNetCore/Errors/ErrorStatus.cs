using Elements.Data.Errors;
using Elements.Std.ApiAuths;
using Elements.Std.Auths;
using Microsoft.AspNetCore.WebUtilities;

namespace Elements.Hosting.AspNetCore.Errors;

/// <summary>
/// HTTP status of an <see cref="ElementException"/> code:
/// unknown app/element/function 404; argument and body errors 400; session and API-signature errors 401; a call the
/// caller's roles refuse, or another user's userId, 403; body over the size limit 413; non-JSON body 415; a username
/// locked after failed password attempts 429; a delete of a row other rows still refer to (<c>DB_REFERENCED</c>) 409; the password hashing queue full (<c>EL_BUSY</c>) 503;
/// WeChat errors (<c>WECHAT_*</c>): 503 for errcode -1 (WeChat busy, retry), 504 for WECHAT_TIMEOUT, 502 for other
/// transport failures (no errcode: WeChat gave no usable answer), 422 when WeChat answered with an errcode (the request
/// reached WeChat and was refused, e.g. 40029 invalid code); runtime failures inside the server (function crashed,
/// element not activatable, app not loaded, the database failed: <c>DB_ERROR</c>) 500; any other code an element raised (a business rule) 422.
/// </summary>
internal static class ErrorStatus
{
    /// <param name="appStatuses">Statuses of the codes an app's own endpoints raise
    /// (<see cref="ElementsHostOptions.ErrorStatuses"/>); they win over the rules below.</param>
    public static int For(ElementException exception, IReadOnlyDictionary<string, int>? appStatuses = null) =>
        appStatuses is not null && appStatuses.TryGetValue(exception.Code, out var status) ? status : ByRules(exception.Code, exception.Details?["errcode"] is not null);

    /// <summary>The status a code answers with when raised as declared (a <c>WECHAT_n</c> code carrying WeChat's errcode).</summary>
    public static int For(string code, IReadOnlyDictionary<string, int>? appStatuses = null) =>
        appStatuses is not null && appStatuses.TryGetValue(code, out var status) ? status : ByRules(code, hasErrcode: code != "WECHAT_TIMEOUT");

    private static int ByRules(string code, bool hasErrcode) => code switch
    {
        HostErrorCodes.UnknownApp or ElementErrorCodes.UnknownElement or ElementErrorCodes.UnknownFunction => StatusCodes.Status404NotFound,
        ElementErrorCodes.UndeclaredArg or ElementErrorCodes.MissingArg or ElementErrorCodes.InvalidArg
            or HostErrorCodes.InvalidBody => StatusCodes.Status400BadRequest,
        HostErrorCodes.Unauthenticated or HostErrorCodes.InvalidSession or HostErrorCodes.LoginUnavailable
            or ApiAuthErrorCodes.SignatureInvalid or ApiAuthErrorCodes.SignatureExpired or ApiAuthErrorCodes.Replay
            or HostErrorCodes.ConsoleLinkInvalid => StatusCodes.Status401Unauthorized,
        HostErrorCodes.Forbidden or HostErrorCodes.CrossOrigin => StatusCodes.Status403Forbidden,
        HostErrorCodes.BodyTooLarge => StatusCodes.Status413PayloadTooLarge,
        AuthErrorCodes.LockedOut or HostErrorCodes.RateLimited => StatusCodes.Status429TooManyRequests,
        HostErrorCodes.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        ElementErrorCodes.FunctionFailed or ElementErrorCodes.ActivationFailed or ElementErrorCodes.ActivationCycle
            or ElementErrorCodes.NoImplementation or ElementErrorCodes.ElementTypeMismatch or ElementErrorCodes.ConfigInvalid
            or ElementErrorCodes.LoadFailed or HostErrorCodes.Internal => StatusCodes.Status500InternalServerError,
        // The database failed (disk full, locked, unreachable): a server fault, and the provider's text describes
        // the server's storage, so it goes to the log only (constraint and filter errors keep their 4xx codes).
        DataErrorCodes.Database => StatusCodes.Status500InternalServerError,
        // The row is fine but others depend on it: a conflict with the current state, not a malformed request.
        DataErrorCodes.Referenced => StatusCodes.Status409Conflict,
        "WECHAT_-1" or PasswordHashingGate.BusyCode => StatusCodes.Status503ServiceUnavailable,
        "WECHAT_TIMEOUT" => StatusCodes.Status504GatewayTimeout,
        var wechat when wechat.StartsWith("WECHAT_", StringComparison.Ordinal) =>
            !hasErrcode ? StatusCodes.Status502BadGateway : StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    /// <summary>5xx answers describe the failure only by code: their messages may carry internals (an inner
    /// exception's text, file paths) that belong in the log.</summary>
    public static bool IsServerFault(int status) => status >= 500 && status != StatusCodes.Status502BadGateway
        && status != StatusCodes.Status503ServiceUnavailable && status != StatusCodes.Status504GatewayTimeout;

    public static string Title(int status) => ReasonPhrases.GetReasonPhrase(status);
}
