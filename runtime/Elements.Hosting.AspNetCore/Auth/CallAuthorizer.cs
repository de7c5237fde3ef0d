using System.Globalization;
using System.Text.Json.Nodes;
using Elements.Definitions;
using Elements.Hosting.AspNetCore.Api;
using Elements.Hosting.AspNetCore.Console;
using Elements.Hosting.AspNetCore.Errors;
using Elements.Invocation;
using Elements.Security;
using Elements.Std.ApiAuths;
using Elements.Std.Auths;
using Elements.Std.Roles;

namespace Elements.Hosting.AspNetCore.Auth;

/// <summary>
/// The host's side of the permission decision for one element call: who the caller is (a signed API client, a bearer
/// session, else anonymous). Reachability, roles and the userId rule are <see cref="ElementAuthorizer"/>'s, shared
/// with <c>elements invoke --user</c>; an API client's grant is its authorization's <c>apis</c> list.
/// </summary>
internal sealed partial class CallAuthorizer(
    ElementAuthorizer authorizer, ISessionValidator sessions, ApiRequestVerifier verifier, UserAccounts users, ILogger<CallAuthorizer> logger)
{
    /// <summary>An administrator's session runs the call as this user (their roles, userId rule and rows).</summary>
    public const string ActAsHeader = "X-Elements-Act-As";

    /// <summary>Verifies a signed request (the X-Elements-* headers) before anything about it is resolved, so an
    /// unsigned caller learns nothing from the URL. Throws 401 EL_SIGNATURE_* / EL_REPLAY.</summary>
    public async Task<ApiClient?> VerifyClientAsync(HttpRequest request, long maxBodyBytes) =>
        SignedRequestReader.IsSigned(request)
            ? await verifier.VerifyAsync(await SignedRequestReader.ReadAsync(request, maxBodyBytes), request.HttpContext.RequestAborted)
            : null;

    /// <summary>Resolves the route's element and function for a remote caller (404s that reveal nothing).</summary>
    public ElementCall Prepare(ElementRoute route) => authorizer.Prepare(route.Element, route.Function);

    /// <summary>The caller of an authorized call; throws 404/401/403 otherwise.</summary>
    /// <param name="client">The verified API client of a signed request, else null.</param>
    public async Task<AuthorizedCall> AuthorizeAsync(HttpContext context, ElementCall call, ApiClient? client)
    {
        if (!authorizer.IsReachable(call.Element))
        {
            // Before any credential is looked at: a hidden element answers the same to everyone.
            throw ElementAuthorizer.UnknownElement(call.Element.FullName);
        }

        if (context.Request.Headers.ContainsKey(ActAsHeader))
        {
            return await AuthorizeActingAsync(context, call, client).ConfigureAwait(false);
        }

        if (client is not null)
        {
            // A machine client acts on what its authorization lists, on every row of it: the list is the app
            // developer's explicit grant, and there is no user whose rows it could be limited to.
            return client.Allows(call.Element.FullName, call.Function.Name)
                ? new AuthorizedCall(new ElementCaller(null, [], _ => true, client.AccessKey, model => client.Allows(model, "query")), null, client)
                : throw new ElementException(HostErrorCodes.Forbidden, $"API authorization {client.AccessKey} does not list {call}");
        }

        var session = await AuthenticateAsync(context, call.Function.LoginRequired).ConfigureAwait(false);
        var caller = await authorizer.AuthorizeAsync(call, session is not null, session is null ? null : UserIdOf(session), context.RequestAborted)
            .ConfigureAwait(false);
        return new AuthorizedCall(caller, session, null);
    }

    /// <summary>
    /// <see cref="ActAsHeader"/>: honoured only for a session of a <c>roles.Admin</c> member, and then the call is
    /// decided and run exactly as the named user's would be. Anyone else sending it (an API client, an anonymous
    /// caller, any other user) is refused 403 rather than served as themselves: a header that silently did nothing
    /// would hide a mistake. Each use is logged with both ids (never a token).
    /// </summary>
    private async Task<AuthorizedCall> AuthorizeActingAsync(HttpContext context, ElementCall call, ApiClient? client)
    {
        if (client is not null)
        {
            throw new ElementException(HostErrorCodes.Forbidden, $"{ActAsHeader} is not accepted from API clients");
        }

        var session = await AuthenticateAsync(context, loginRequired: false).ConfigureAwait(false);
        var adminId = session is null ? null : UserIdOf(session);
        var adminRoles = await authorizer.GetCallerRolesAsync(adminId, context.RequestAborted).ConfigureAwait(false);
        if (adminId is null || !adminRoles.Any(r => r.FullName == ConsoleRoles.Admin))
        {
            throw new ElementException(HostErrorCodes.Forbidden, $"{ActAsHeader} is for sessions of {ConsoleRoles.Admin} members only");
        }

        var header = context.Request.Headers[ActAsHeader];
        if (header.Count != 1 || !long.TryParse(header.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var userId)
            || !await users.ExistsAsync(userId, context.RequestAborted).ConfigureAwait(false))
        {
            throw new ElementException(HostErrorCodes.Forbidden, $"{ActAsHeader} must name one existing user id");
        }

        LogActingAs(logger, adminId.Value, userId, call.Element.FullName, call.Function.Name);
        var caller = await authorizer.AuthorizeAsync(call, authenticated: true, userId, context.RequestAborted).ConfigureAwait(false);
        return new AuthorizedCall(caller, session, null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Administrator {AdminId} called {Element}.{Function} as user {UserId}")]
    private static partial void LogActingAs(ILogger logger, long adminId, long userId, string element, string function);

    /// <summary>What this request's caller may call, decided as its calls would be: an API authorization what it
    /// lists, a session or an anonymous caller what its roles allow. An invalid credential is refused (401), not
    /// treated as anonymous.</summary>
    public async Task<Func<ElementDefinition, FunctionDefinition, bool>> CallableAsync(HttpContext context, long maxBodyBytes)
    {
        if (await VerifyClientAsync(context.Request, maxBodyBytes).ConfigureAwait(false) is { } client)
        {
            return (element, function) => authorizer.IsReachable(element) && client.Allows(element.FullName, function.Name);
        }

        var session = await AuthenticateAsync(context, loginRequired: false).ConfigureAwait(false);
        var roles = await authorizer.GetCallerRolesAsync(session is null ? null : UserIdOf(session), context.RequestAborted).ConfigureAwait(false);
        return (element, function) => authorizer.IsReachable(element) && authorizer.Decide(roles, session is not null, element, function).Allowed;
    }

    /// <summary>A bearer token, when sent, must be a live session, whatever the function: a stale token is reported
    /// rather than silently downgraded to an anonymous call. Without one (or with another scheme), a login-required
    /// function answers 401. The console's gate shares it, so both accept exactly the same credentials.</summary>
    internal async Task<SessionValidation?> AuthenticateAsync(HttpContext context, bool loginRequired)
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

    internal static long? UserIdOf(SessionValidation session) => session.User?["userId"] switch
    {
        JsonValue value when value.TryGetValue<long>(out var id) => id,
        JsonValue value when value.TryGetValue<string>(out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) => id,
        _ => null,
    };
}
