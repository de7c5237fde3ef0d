using System.Text.Json.Nodes;

namespace Elements.Hosting.AspNetCore.Auth;

/// <summary>The outcome of checking a session token. A valid session carries the user as the auth service returned
/// it; the host stores it in <c>HttpContext.Features</c> for the request.</summary>
public sealed record SessionValidation(SessionStatus Status, JsonNode? User = null)
{
    public static SessionValidation Invalid { get; } = new(SessionStatus.Invalid);

    public static SessionValidation Unavailable { get; } = new(SessionStatus.Unavailable);

    public static SessionValidation Valid(JsonNode user) => new(SessionStatus.Valid, user);
}
