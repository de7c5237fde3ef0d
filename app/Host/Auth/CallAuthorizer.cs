using System.Globalization;
using System.Text.Json.Nodes;
using Elements.Host.Errors;
using Elements.Invocation;
using Elements.Security;
using Elements.Std.Roles;

namespace Elements.Host.Auth;

/// <summary>
/// The host's permission decision for one element call, before the function runs: reachability (only Instance
/// elements that are not internal; anything else is answered exactly like an unknown element), the caller's identity
/// (a bearer session, else anonymous), and the roles' verdict (<see cref="ElementAuthorizer"/>). Answers 404 for what
/// may not be named, 401 when a login would be needed, 403 when the caller's roles refuse.
/// </summary>
internal sealed partial class CallAuthorizer(ElementAuthorizer authorizer, ISessionValidator sessions, ILogger<CallAuthorizer> logger)
{
    /// <summary>Throws unless <paramref name="call"/> may be named over HTTP.</summary>
    public void RequireReachable(ElementCall call)
    {
        if (!authorizer.IsReachable(call.Element))
        {
            throw UnknownElement(call.Element.FullName);
        }
    }

    /// <summary>The caller of an authorized call, with its session; throws 401/403 otherwise.</summary>
    public async Task<(ElementCaller Caller, SessionValidation? Session)> AuthorizeAsync(HttpContext context, ElementCall call)
    {
        var session = await AuthenticateAsync(context, call.Function.LoginRequired, sessions).ConfigureAwait(false);
        var userId = session is null ? null : UserIdOf(session);
        var roles = await authorizer.GetCallerRolesAsync(userId, context.RequestAborted).ConfigureAwait(false);
        var decision = authorizer.Decide(roles, session is not null, call.Element, call.Function);
        LogDecision(logger, call.Element.FullName, call.Function.Name, userId, decision.ToString());
        if (!decision.Allowed)
        {
            throw session is null
                ? new ElementException(HostErrorCodes.Unauthenticated,
                    $"{call} is not open to anonymous callers: log in and send Authorization: Bearer <token>")
                : new ElementException(HostErrorCodes.Forbidden, $"the caller's roles do not allow {call}");
        }

        return (authorizer.CreateCaller(userId, roles), session);
    }

    /// <summary>EL_UNKNOWN_ELEMENT without the runtime's name suggestions, which would reveal hidden elements.</summary>
    public static ElementException UnknownElement(string fullName) => new("EL_UNKNOWN_ELEMENT", $"unknown element '{fullName}'");

    /// <summary>EL_UNKNOWN_FUNCTION without the list of the element's functions.</summary>
    public static ElementException UnknownFunction(string fullName, string function) =>
        new("EL_UNKNOWN_FUNCTION", $"element '{fullName}' has no function '{function}'");

    /// <summary>A bearer token, when sent, must be a live session, whatever the function: a stale token is reported
    /// rather than silently downgraded to an anonymous call. Without one (or with another scheme), a login-required
    /// function answers 401.</summary>
    private static async Task<SessionValidation?> AuthenticateAsync(HttpContext context, bool loginRequired, ISessionValidator sessions)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || header.Length == scheme.Length)
        {
            // Other schemes (Basic, ...) are not this host's credentials: the caller is anonymous.
            return loginRequired
                ? throw new ElementException(HostErrorCodes.Unauthenticated, "this function requires a login: send Authorization: Bearer <token>")
                : null;
        }

        var validation = await sessions.ValidateAsync(header[scheme.Length..].Trim(), context.RequestAborted).ConfigureAwait(false);
        return validation.Status switch
        {
            SessionStatus.Valid => validation,
            SessionStatus.Unavailable => throw new ElementException(HostErrorCodes.LoginUnavailable,
                $"this function requires a login, but the app has no {ElementSessionValidator.AuthServiceElement} to check sessions"),
            _ => throw new ElementException(HostErrorCodes.InvalidSession, "the bearer token is not a valid session"),
        };
    }

    private static long? UserIdOf(SessionValidation session) => session.User?[SessionUserScope.ArgumentName] switch
    {
        JsonValue value when value.TryGetValue<long>(out var id) => id,
        JsonValue value when value.TryGetValue<string>(out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) => id,
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "Permission for {Element}.{Function} (user {UserId}): {Decision}")]
    private static partial void LogDecision(ILogger logger, string element, string function, long? userId, string decision);
}
