namespace Elements.Std.Roles;

/// <summary>The verdict on one call and what decided it: the role and pattern that won, or why nothing did.</summary>
public sealed record PermissionDecision(bool Allowed, string Reason)
{
    public static PermissionDecision LoginRequired { get; } = new(false, "the function requires a login");

    public static PermissionDecision NoGrant { get; } = new(false, "no role of the caller grants it");

    public override string ToString() => (Allowed ? "allow: " : "deny: ") + Reason;
}
