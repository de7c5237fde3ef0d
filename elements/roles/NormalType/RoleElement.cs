using System.Text.Json.Nodes;
using Elements.Activation;

namespace Elements.Std.Roles;

/// <summary>
/// <c>roles.NormalType</c>: one role's grants (<c>apiPerm</c>, <c>rowPerm</c>) and who holds it (<c>appliesTo</c>).
/// The decision across a caller's roles is <see cref="ElementAuthorizer"/>'s; a role only answers how specifically it
/// speaks about a function or model.
/// </summary>
[ElementType("roles.NormalType", ConfigType = typeof(RoleConfig))]
public sealed class RoleElement
{
    private readonly RoleConfig _config;

    public RoleElement(ElementContext context, RoleConfig config)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(config);
        FullName = context.FullName;
        Title = context.Definition.Title;
        _config = config;
        RoleScopeNames.TryParse(config.AppliesTo, out var scope);
        Scope = scope;
        ApiRules = config.ApiPermSwitch == 1 ? [.. config.ApiPerm.Select(p => ApiRule(p.Key, p.Value == "allow"))] : [];
        RowRules = config.ApiPermSwitch == 1 ? [.. config.RowPerm.Select(p => new Rule(p.Key, p.Value == "all"))] : [];
    }

    public string FullName { get; }

    public string Title { get; }

    public RoleScope Scope { get; }

    /// <summary>JitAi's <c>info</c>: <c>{roleName, roleTitle, apiPerm, apiPermSwitch, rowPerm, appliesTo}</c>.</summary>
    public JsonObject Info => new()
    {
        ["roleName"] = FullName,
        ["roleTitle"] = Title,
        ["apiPerm"] = ToJson(_config.ApiPerm),
        ["apiPermSwitch"] = _config.ApiPermSwitch,
        ["rowPerm"] = ToJson(_config.RowPerm),
        ["appliesTo"] = Scope.ToName(),
    };

    /// <summary>apiPerm entries in force (none when <c>apiPermSwitch</c> is 0); <see cref="Rule.Grants"/> = allow.</summary>
    internal IReadOnlyList<Rule> ApiRules { get; }

    /// <summary>rowPerm entries in force; <see cref="Rule.Grants"/> = all rows.</summary>
    internal IReadOnlyList<Rule> RowRules { get; }

    /// <summary><c>getRoleData()</c>: the role's complete configuration (as <see cref="Info"/>).</summary>
    public JsonObject GetRoleData() => Info;

    public override string ToString() => $"{FullName} ({Scope.ToName()})";

    private static JsonObject ToJson(Dictionary<string, string> map) =>
        new(map.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value))));

    // The verdict an apiPerm rule gives when it wins is made once: every call it decides returns it.
    private Rule ApiRule(string pattern, bool grants) =>
        new(pattern, grants) { Decision = new PermissionDecision(grants, $"{FullName}: \"{pattern}\": {(grants ? "allow" : "deny")}") };

    internal sealed record Rule(string Pattern, bool Grants)
    {
        /// <summary>For an apiPerm rule, the decision it gives when it is the most specific; null for rowPerm.</summary>
        public PermissionDecision? Decision { get; init; }
    }
}
