namespace Elements.Std.Roles;

/// <summary>Who holds a role: its listed members, every caller with a session, or every caller.</summary>
public enum RoleScope
{
    Members,
    Authenticated,
    Everyone,
}
