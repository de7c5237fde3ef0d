namespace Elements.Std.Roles;

/// <summary>One row of the permission matrix (<c>elements permissions</c>): an HTTP-reachable function and who may
/// call it: anonymous callers, any caller with a session, and the member roles whose holders may.</summary>
public sealed record FunctionPermission(string Function, bool Anonymous, bool Authenticated, IReadOnlyList<string> Roles);
