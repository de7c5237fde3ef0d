namespace Elements.Std.Roles;

/// <summary>The config spelling of <see cref="RoleScope"/> (<c>appliesTo</c>).</summary>
internal static class RoleScopeNames
{
    public static string ToName(this RoleScope scope) => scope switch
    {
        RoleScope.Everyone => "everyone",
        RoleScope.Authenticated => "authenticated",
        _ => "members",
    };

    public static bool TryParse(string? name, out RoleScope scope)
    {
        (var known, scope) = name switch
        {
            "members" => (true, RoleScope.Members),
            "authenticated" => (true, RoleScope.Authenticated),
            "everyone" => (true, RoleScope.Everyone),
            _ => (false, RoleScope.Members),
        };
        return known;
    }
}
