using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Elements.Data.Filters;
using Elements.Definitions;
using Elements.Invocation;
using Elements.Security;
using Elements.Std.Models;

namespace Elements.Std.Roles;

/// <summary>
/// Who may call what over HTTP, decided one way for the host, <c>elements permissions</c> and <c>elements invoke --user</c>.
/// <list type="number">
/// <item>Reachability: only Instance elements that are not <c>internal</c> and not declared inside a Type or Meta;
/// anything else is answered as unknown. One kind of Type counts as an Instance: a service that brings its own class
/// (which the runtime layers as a derived Type) and takes no business config is its own only instance, since there is
/// nothing an instance could configure differently; a Type with a config (a login type, a model type) is reachable
/// only through its instances, so its defaults can never stand in for an instance's settings.</item>
/// <item>A <c>loginRequired</c> function needs a session.</item>
/// <item>Roles: the caller's roles are those that apply to everyone, to every session (when there is one) and those
/// it is a member of (<see cref="MemberModel"/>). Across their <c>apiPerm</c> the most specific matching pattern wins,
/// deny wins a tie, and nothing matching is a deny: a new element or function is closed until a role opens it.</item>
/// <item>Rows: a caller sees every row of a model when one of its roles' most specific <c>rowPerm</c> for it says
/// <c>all</c>; otherwise only its own (the model's <c>ownerField</c>).</item>
/// </list>
/// </summary>
public sealed class ElementAuthorizer(ElementApp app)
{
    public const string RoleType = "roles.NormalType";
    public const string MemberModel = "roles.models.AppRoleMemberModel";

    private readonly ConditionalWeakTable<ElementDefinition, StrongBox<bool>> _reachable = new();
    private volatile RoleSet? _roles;

    /// <summary>Whether the element can be named over HTTP at all (before any role is asked).</summary>
    public bool IsReachable(ElementDefinition element)
    {
        ArgumentNullException.ThrowIfNull(element);
        return _reachable.GetValue(element, e => new StrongBox<bool>(ComputeReachable(e))).Value;
    }

    /// <summary>Every role instance of the app, by full name.</summary>
    public IReadOnlyList<RoleElement> GetRoles() => CurrentRoles().All;

    /// <summary>The roles of a caller: those for everyone, for sessions (if <paramref name="userId"/> is set) and the
    /// member roles listed for the user. Unknown or non-member role names in the member table are ignored.</summary>
    public async Task<IReadOnlyList<RoleElement>> GetCallerRolesAsync(long? userId, CancellationToken cancellationToken = default)
    {
        if (userId is null)
        {
            return RolesFor(authenticated: false, []);
        }

        var members = app.GetElement<ModelElement>(MemberModel);
        var rows = await members.QueryAsync<MemberRow>(Q.Eq("userId", userId.Value), cancellationToken: cancellationToken).ConfigureAwait(false);
        return RolesFor(authenticated: true, rows.Select(r => r.RoleName));
    }

    /// <summary>The implicit roles plus the named member roles that exist.</summary>
    public IReadOnlyList<RoleElement> RolesFor(bool authenticated, IEnumerable<string> memberRoles)
    {
        var set = CurrentRoles();
        var roles = new List<RoleElement>(set.Everyone);
        if (authenticated)
        {
            roles.AddRange(set.Authenticated);
        }

        foreach (var name in memberRoles)
        {
            if (set.Members.TryGetValue(name, out var role) && !roles.Contains(role))
            {
                roles.Add(role);
            }
        }

        return roles;
    }

    /// <summary>
    /// The whole decision for a remote call, as the host and <c>elements invoke --user</c> make it: the element must be
    /// reachable (else EL_UNKNOWN_ELEMENT, worded like a missing one), a login-required function needs a session, and
    /// the caller's roles must allow it (else EL_UNAUTHENTICATED for anonymous callers, EL_FORBIDDEN for others).
    /// Returns the caller to hand to the function; check its arguments with <see cref="CheckArguments"/>.
    /// </summary>
    /// <param name="authenticated">Whether the caller presented a valid session.</param>
    /// <param name="userId">The session's user, when it has one.</param>
    public async Task<ElementCaller> AuthorizeAsync(ElementCall call, bool authenticated, long? userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!IsReachable(call.Element))
        {
            throw UnknownElement(call.Element.FullName);
        }

        var anonymous = userId is null && !authenticated;
        var set = CurrentRoles();
        var roles = anonymous ? set.Everyone
            : userId is null ? RolesFor(authenticated, [])
            : await GetCallerRolesAsync(userId, cancellationToken).ConfigureAwait(false);
        var decision = Decide(roles, authenticated, call.Element, call.Function);
        if (!decision.Allowed)
        {
            throw authenticated
                ? new ElementException(AuthorizationErrorCodes.Forbidden, $"the caller's roles do not allow {call}")
                : new ElementException(AuthorizationErrorCodes.Unauthenticated,
                    $"{call} is not open to anonymous callers: log in and send Authorization: Bearer <token>");
        }

        return anonymous ? set.Anonymous : CreateCaller(userId, roles);
    }

    /// <summary>The userId rule (<see cref="UserArgumentRule"/>) for an authorized caller's arguments.</summary>
    public static void CheckArguments(ElementCaller caller, ElementCall call, JsonObject? args)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(call);
        if (!caller.SeesAllRowsOf(call.Element.FullName))
        {
            UserArgumentRule.Check(caller.UserId, args, call.Element.FullName, call.Function.Name);
        }
    }

    /// <summary>EL_UNKNOWN_ELEMENT without the runtime's name suggestions, which would reveal hidden elements.</summary>
    public static ElementException UnknownElement(string fullName) =>
        new(AuthorizationErrorCodes.UnknownElement, $"unknown element '{fullName}'");

    /// <summary>EL_UNKNOWN_FUNCTION without the list of the element's functions.</summary>
    public static ElementException UnknownFunction(string fullName, string function) =>
        new(AuthorizationErrorCodes.UnknownFunction, $"element '{fullName}' has no function '{function}'");

    /// <summary>
    /// <see cref="ElementInvoker.Prepare"/> for a remote caller: unknown elements and functions are reported without
    /// the runtime's hints (near names, the function list).
    /// </summary>
    public ElementCall Prepare(string fullName, string function)
    {
        try
        {
            return app.Invoker.Prepare(fullName, function);
        }
        catch (ElementException ex) when (ex.Code == AuthorizationErrorCodes.UnknownElement)
        {
            throw UnknownElement(fullName);
        }
        catch (ElementException ex) when (ex.Code == AuthorizationErrorCodes.UnknownFunction)
        {
            // A hidden element without that function must not answer differently from a hidden one with it.
            throw app.TryGetElementDefine(fullName, out var element) && !IsReachable(element)
                ? UnknownElement(fullName)
                : UnknownFunction(fullName, function);
        }
    }

    /// <summary>The verdict on calling <paramref name="function"/> of <paramref name="element"/> with these roles.
    /// Reachability is the caller's check (<see cref="IsReachable"/>): an unreachable element must not even be named.</summary>
    public PermissionDecision Decide(IReadOnlyList<RoleElement> roles, bool authenticated, ElementDefinition element, FunctionDefinition function)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(element);
        ArgumentNullException.ThrowIfNull(function);
        if (function.LoginRequired && !authenticated)
        {
            return PermissionDecision.LoginRequired;
        }

        var best = 0;
        RoleElement.Rule? winner = null;
        foreach (var role in roles)
        {
            foreach (var rule in role.ApiRules)
            {
                var score = PermissionPattern.Specificity(rule.Pattern, element, function.Name);
                if (score > best || (score == best && score > 0 && winner is { Grants: true } && !rule.Grants))
                {
                    (best, winner) = (score, rule);
                }
            }
        }

        return winner?.Decision ?? PermissionDecision.NoGrant;
    }

    /// <summary>True when one of the roles' most specific rowPerm for the model is <c>all</c>.</summary>
    public static bool SeesAllRows(IReadOnlyList<RoleElement> roles, ElementDefinition model)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(model);
        foreach (var role in roles)
        {
            var best = 0;
            var all = false;
            foreach (var rule in role.RowRules)
            {
                var score = PermissionPattern.Specificity(rule.Pattern, model, function: null);
                if (score > best)
                {
                    (best, all) = (score, rule.Grants);
                }
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The identity handed to the function of an authorized call by a session user or anonymous caller.</summary>
    public ElementCaller CreateCaller(long? userId, IReadOnlyList<RoleElement> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        return new ElementCaller(userId, [.. roles.Select(r => r.FullName)],
            model => app.TryGetElementDefine(model, out var definition) && SeesAllRows(roles, definition),
            mayQuery: model => app.TryGetElementDefine(model, out var definition) && IsReachable(definition)
                && definition.Functions.FirstOrDefault(f => f.Name == "query") is { } query
                && Decide(roles, userId is not null, definition, query).Allowed);
    }

    /// <summary>Every (element, function) pair that can be named over HTTP, ordered by full name.</summary>
    public IEnumerable<(ElementDefinition Element, FunctionDefinition Function)> ReachableFunctions() =>
        app.Elements.Where(IsReachable).SelectMany(e => e.Functions.Select(f => (e, f)));

    /// <summary>The decision matrix: every reachable function with who may call it.</summary>
    public IReadOnlyList<FunctionPermission> GetMatrix()
    {
        var anonymous = RolesFor(authenticated: false, []);
        var authenticated = RolesFor(authenticated: true, []);
        var members = CurrentRoles().Members.Values.OrderBy(r => r.FullName, StringComparer.Ordinal).ToList();
        return [.. ReachableFunctions().Select(pair => new FunctionPermission(
            $"{pair.Element.FullName}.{pair.Function.Name}",
            Decide(anonymous, false, pair.Element, pair.Function).Allowed,
            Decide(authenticated, true, pair.Element, pair.Function).Allowed,
            [.. members.Where(r => Decide([.. authenticated, r], true, pair.Element, pair.Function).Allowed).Select(r => r.FullName)]))];
    }

    private bool ComputeReachable(ElementDefinition element)
    {
        if (element.IsInternal || element.Layer == ElementLayer.Meta)
        {
            return false;
        }

        if (element.Layer == ElementLayer.Type && !IsConfiglessDerivedType(element))
        {
            return false;
        }

        // A child declared inside a Type's (or Meta's) folder is part of that Type's template: only the copies its
        // instances inherit are configured for use.
        for (var dot = element.FullName.IndexOf('.'); dot > 0; dot = element.FullName.IndexOf('.', dot + 1))
        {
            if (app.TryGetElementDefine(element.FullName[..dot], out var ancestor) && ancestor.Layer != ElementLayer.Instance)
            {
                return false;
            }
        }

        return true;
    }

    private bool IsConfiglessDerivedType(ElementDefinition element) =>
        element.ConfigType is null
        && app.TryGetElementDefine(element.Type, out var type)
        && type.Layer == ElementLayer.Type;

    private RoleSet CurrentRoles()
    {
        var generation = app.Generation;
        var roles = _roles;
        if (roles is null || roles.Generation != generation)
        {
            _roles = roles = RoleSet.Load(app, generation, everyone => CreateCaller(null, everyone));
        }

        return roles;
    }

    private sealed class MemberRow
    {
        public string RoleName { get; set; } = "";
    }

    /// <param name="Anonymous">The caller of every anonymous call of this generation: its roles are the same for all.</param>
    private sealed record RoleSet(long Generation, IReadOnlyList<RoleElement> All, IReadOnlyList<RoleElement> Everyone,
        IReadOnlyList<RoleElement> Authenticated, IReadOnlyDictionary<string, RoleElement> Members, ElementCaller Anonymous)
    {
        public static RoleSet Load(ElementApp app, long generation, Func<IReadOnlyList<RoleElement>, ElementCaller> anonymousCaller)
        {
            var all = app.FindElements("." + RoleType)
                .Where(d => d.Layer == ElementLayer.Instance)
                .Select(d => app.GetElement<RoleElement>(d.FullName))
                .ToList();
            List<RoleElement> everyone = [.. all.Where(r => r.Scope == RoleScope.Everyone)];
            return new RoleSet(generation, all, everyone,
                [.. all.Where(r => r.Scope == RoleScope.Authenticated)],
                all.Where(r => r.Scope == RoleScope.Members).ToDictionary(r => r.FullName, StringComparer.Ordinal),
                anonymousCaller(everyone));
        }
    }
}
