using System.Text.Json.Nodes;

namespace Elements.Std.Roles;

/// <summary>One row of the permission matrix (<c>elements permissions</c>): an HTTP-reachable function and who may
/// call it: anonymous callers, any caller with a session, and the member roles whose holders may.</summary>
public sealed record FunctionPermission(string Function, bool Anonymous, bool Authenticated, IReadOnlyList<string> Roles)
{
    /// <summary>The matrix as <c>elements permissions --json</c> prints it: <c>[{function, anonymous, authenticated, roles}]</c>.</summary>
    public static JsonArray ToJson(IEnumerable<FunctionPermission> matrix) => [.. matrix.Select(p => (JsonNode)new JsonObject
    {
        ["function"] = p.Function,
        ["anonymous"] = p.Anonymous,
        ["authenticated"] = p.Authenticated,
        ["roles"] = new JsonArray([.. p.Roles.Select(r => (JsonNode)JsonValue.Create(r))]),
    })];
}
