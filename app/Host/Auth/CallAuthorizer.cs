using System.Globalization;
using System.Text.Json.Nodes;
using Elements.Host.Api;
using Elements.Host.Errors;
using Elements.Invocation;
using Elements.Security;
using Elements.Std.Roles;

namespace Elements.Host.Auth;

/// <summary>
/// The host's side of the permission decision for one element call: who the caller is (a bearer session, else
/// anonymous). Reachability, roles and the userId rule are <see cref="ElementAuthorizer"/>'s, shared with
/// <c>elements invoke --user</c>.
/// </summary>
internal sealed class CallAuthorizer(ElementAuthorizer authorizer, ISessionValidator sessions)
{
    /// <summary>Resolves the route's element and function for a remote caller (404s that reveal nothing).</summary>
    public ElementCall Prepare(ElementRoute route) => authorizer.Prepare(route.Element, route.Function);

    /// <summary>The caller of an authorized call, with its session; throws 404/401/403 otherwise.</summary>
    public async Task<(ElementCaller Caller, SessionValidation? Session)> AuthorizeAsync(HttpContext context, ElementCall call)
    {
        if (!authorizer.IsReachable(call.Element))
        {
            // Before the session is looked at: a hidden element answers the same to everyone.
            throw ElementAuthorizer.UnknownElement(call.Element.FullName);
        }

        var session = await AuthenticateAsync(context, call.Function.LoginRequired).ConfigureAwait(false);
        var caller = await authorizer.AuthorizeAsync(call, session is not null, session is null ? null : UserIdOf(session), context.RequestAborted)
            .ConfigureAwait(false);
        return (caller, session);
    }

    /// <summary>A bearer token, when sent, must be a live session, whatever the function: a stale token is reported
    /// rather than silently downgraded to an anonymous call. Without one (or with another scheme), a login-required
    /// function answers 401.</summary>
    private async Task<SessionValidation?> AuthenticateAsync(HttpContext context, bool loginRequired)
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

    private static long? UserIdOf(SessionValidation session) => session.User?["userId"] switch
    {
        JsonValue value when value.TryGetValue<long>(out var id) => id,
        JsonValue value when value.TryGetValue<string>(out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) => id,
        _ => null,
    };
}
