using Elements.WeChatSandbox.Clock;
using Elements.WeChatSandbox.Contracts;
using Elements.WeChatSandbox.Server;
using Elements.WeChatSandbox.State;
using Microsoft.Extensions.Options;

namespace Elements.WeChatSandbox.Control;

/// <summary>The JSON control API under <c>/sandbox</c>, for tests and demos (see <see cref="WeChatSandboxClient"/>).</summary>
internal static class ControlApiEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints, string prefix)
    {
        var group = endpoints.MapGroup(prefix);
        group.AddEndpointFilter(async (context, next) =>
        {
            var options = context.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<WeChatSandboxOptions>>().CurrentValue;
            if (ControlRequestGuard.Refusal(context.HttpContext.Request, options) is { } refusal)
            {
                return Results.Json(new { error = refusal }, statusCode: StatusCodes.Status403Forbidden);
            }

            try
            {
                return await next(context);
            }
            catch (SandboxControlException ex)
            {
                return Results.Json(new { error = ex.Message }, statusCode: ex.StatusCode);
            }
        });

        group.MapPost("/reset", (SandboxState state) =>
        {
            state.Reset();
            return Results.NoContent();
        });

        // Never the secret: whoever registered an app knows it, and nobody else may read it over HTTP.
        group.MapPost("/apps", (SandboxAppRegistration app, SandboxState state) => Results.Ok(SandboxAppView.Of(state.RegisterApp(app))));
        group.MapGet("/apps", (SandboxState state) => Results.Ok(state.Apps().Select(SandboxAppView.Of).ToList()));
        group.MapPost("/users", (SandboxUserRegistration user, SandboxState state) => Results.Ok(state.RegisterUser(user)));
        group.MapGet("/users", (SandboxState state) => Results.Ok(state.Users()));
        group.MapGet("/apps/{appId}/users/{userId}", (string appId, string userId, SandboxState state) => Results.Ok(state.ViewUser(appId, userId)));

        group.MapPost("/apps/{appId}/users/{userId}/login-code", (string appId, string userId, SandboxState state) =>
            Results.Ok(state.MintCode(CodeKind.Login, appId, userId)));
        group.MapPost("/apps/{appId}/users/{userId}/phone-code", (string appId, string userId, SandboxState state) =>
            Results.Ok(state.MintCode(CodeKind.Phone, appId, userId)));
        group.MapPost("/apps/{appId}/users/{userId}/oauth-code", (string appId, string userId, string? scope, SandboxState state) =>
            Results.Ok(state.MintCode(CodeKind.OAuth, appId, userId, string.IsNullOrEmpty(scope) ? "snsapi_userinfo" : scope)));
        group.MapPost("/apps/{appId}/users/{userId}/interactions", (string appId, string userId, SandboxState state) =>
        {
            state.RecordInteraction(appId, userId);
            return Results.NoContent();
        });
        group.MapPost("/apps/{appId}/users/{userId}/encrypted-data", (string appId, string userId, SandboxEncryptRequest? request, SandboxState state) =>
            Results.Ok(state.EncryptProfile(appId, userId, request?.SessionKey)));
        group.MapGet("/apps/{appId}/messages", (string appId, SandboxState state) => Results.Ok(state.Messages(appId)));

        group.MapPost("/faults", (SandboxFault fault, SandboxState state) =>
        {
            state.AddFault(fault);
            return Results.NoContent();
        });
        group.MapDelete("/faults", (SandboxState state) =>
        {
            state.ClearFaults();
            return Results.NoContent();
        });

        group.MapGet("/calls", (SandboxState state) => Results.Ok(state.CallCounts()));
        group.MapDelete("/calls", (SandboxState state) =>
        {
            state.ClearCallCounts();
            return Results.NoContent();
        });

        group.MapGet("/clock", (SandboxClock clock) => Results.Ok(new SandboxClockState(clock.GetUtcNow(), clock.Offset)));
        group.MapPost("/clock/advance", (SandboxClockAdvance advance, SandboxClock clock) =>
        {
            if (advance.Seconds < 0)
            {
                return Results.Json(new { error = "the clock only moves forward" }, statusCode: 400);
            }

            clock.Advance(TimeSpan.FromSeconds(advance.Seconds));
            return Results.Ok(new SandboxClockState(clock.GetUtcNow(), clock.Offset));
        });
    }
}
