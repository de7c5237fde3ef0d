using Elements.Hosting.AspNetCore.Auth;
using Elements.Hosting.AspNetCore.Errors;
using Elements.Std.Roles;

namespace Elements.Hosting.AspNetCore.Console;

/// <summary>
/// The one check in front of every <c>/console/api</c> answer (an endpoint filter on the whole group, so an endpoint
/// added later cannot forget it): a live bearer session, exactly as the element API accepts it, whose user is a
/// member of <see cref="ConsoleRoles.Admin"/> or <see cref="ConsoleRoles.Viewer"/>. No token: 401
/// <c>EL_UNAUTHENTICATED</c>; a stale or forged one: 401 <c>EL_INVALID_SESSION</c>; any other user: 403 <c>EL_FORBIDDEN</c>.
/// </summary>
internal sealed class ConsoleGate(CallAuthorizer calls, ElementAuthorizer authorizer, ElementApp app) : IEndpointFilter
{
    private const string PasswordAuthModel = "auths.loginTypes.PasswordType.PasswordAuthModel";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.GetEndpoint()?.Metadata.GetMetadata<ConsoleAnonymousMetadata>() is not null)
        {
            return await next(context);
        }

        http.Features.Set(await AuthenticateAsync(http));
        return await next(context);
    }

    /// <summary>The console user of this request; throws 401/403 as the class says.</summary>
    public async Task<ConsoleUser> AuthenticateAsync(HttpContext http)
    {
        var session = await calls.AuthenticateAsync(http, loginRequired: true)
            ?? throw new ElementException(HostErrorCodes.Unauthenticated, "the console needs a session: send Authorization: Bearer <token>");
        var userId = CallAuthorizer.UserIdOf(session)
            ?? throw new ElementException(HostErrorCodes.Forbidden, "the session has no user id");
        var roles = (await authorizer.GetCallerRolesAsync(userId, http.RequestAborted)).Select(r => r.FullName).ToList();
        var admin = roles.Contains(ConsoleRoles.Admin, StringComparer.Ordinal);
        if (!admin && !roles.Contains(ConsoleRoles.Viewer, StringComparer.Ordinal))
        {
            throw new ElementException(HostErrorCodes.Forbidden, $"the console is for members of {ConsoleRoles.Admin} or {ConsoleRoles.Viewer}");
        }

        return new ConsoleUser(userId, (string?)session.User?["name"], roles, admin);
    }

    /// <summary>A password user's username, else the user's display name. Read for <c>/me</c> only, not by the gate:
    /// every other console answer would pay a query for a name it does not show.</summary>
    public async Task<string?> UsernameAsync(ConsoleUser user, CancellationToken cancellationToken)
    {
        if (app.TryGetElementDefine(PasswordAuthModel, out _))
        {
            var model = app.GetElement<Std.Models.ModelElement>(PasswordAuthModel);
            var row = await model.GetAsync<UsernameRow>(Data.Filters.Q.Eq("userId", user.UserId), cancellationToken: cancellationToken);
            if (row?.Username is { Length: > 0 } username)
            {
                return username;
            }
        }

        return user.DisplayName;
    }

    private sealed class UsernameRow
    {
        public string? Username { get; set; }
    }
}
