using System.Text.Json.Nodes;
using Elements.Activation;
using Elements.Data.Errors;
using Elements.Data.Filters;
using Elements.Data.Storage;
using Elements.Security;
using Elements.Std.Auths;
using Elements.Std.Models;

namespace Elements.Std.Roles;

/// <summary>
/// <c>roles.services.RoleSvc</c>: role membership and effective permissions. Granting is itself a function that needs a
/// grant: elements.std opens <c>addMember</c>/<c>removeMember</c> to nobody but <c>roles.Admin</c> (its <c>*</c>).
/// </summary>
[ElementType("roles.services.RoleSvcType")]
public sealed class RoleSvcElement
{
    public const string UnknownRole = "ROLE_UNKNOWN";

    private readonly ElementApp _app;
    private readonly ElementAuthorizer _authorizer;
    private readonly AccountDatabase _accounts;
    private readonly UserAccounts _users;

    public RoleSvcElement(ElementContext context, ElementAuthorizer authorizer, AccountDatabase accounts, UserAccounts users)
    {
        ArgumentNullException.ThrowIfNull(context);
        _app = context.App;
        _authorizer = authorizer;
        _accounts = accounts;
        _users = users;
    }

    /// <summary><c>addMember(userId, roleName)</c> → <c>{userId, roleName, added}</c>; added is false when the user
    /// already held the role.</summary>
    public async Task<JsonObject> AddMemberAsync(long userId, string roleName, CancellationToken cancellationToken)
    {
        RequireMemberRole(roleName);
        await _users.RequireAsync(userId, cancellationToken).ConfigureAwait(false);
        var store = await MembersAsync(cancellationToken).ConfigureAwait(false);
        var filter = Member(userId, roleName);
        var added = false;
        if (await store.GetAsync(filter, null, cancellationToken).ConfigureAwait(false) is null)
        {
            try
            {
                await store.CreateAsync(new JsonObject
                {
                    ["userId"] = userId,
                    ["roleName"] = roleName,
                    ["createdAt"] = AccountDatabase.Instant(_accounts.UtcNow),
                }, cancellationToken).ConfigureAwait(false);
                added = true;
            }
            catch (DataException ex) when (ex.Code == DataErrorCodes.Constraint)
            {
                // A parallel addMember of the same pair won: the unique (userId, roleName) keeps one row.
            }
        }

        return Result(userId, roleName, "added", added);
    }

    /// <summary><c>removeMember(userId, roleName)</c> → <c>{userId, roleName, removed}</c>.</summary>
    public async Task<JsonObject> RemoveMemberAsync(long userId, string roleName, CancellationToken cancellationToken)
    {
        RequireMemberRole(roleName);
        var store = await MembersAsync(cancellationToken).ConfigureAwait(false);
        var removed = await store.DeleteByFilterAsync(Member(userId, roleName), cancellationToken).ConfigureAwait(false) > 0;
        return Result(userId, roleName, "removed", removed);
    }

    /// <summary><c>getUserRoles(userId)</c> → <c>[{roleName, roleTitle, appliesTo}]</c>, the implicit roles included.</summary>
    public async Task<JsonArray> GetUserRolesAsync(long userId, CancellationToken cancellationToken)
    {
        await _users.RequireAsync(userId, cancellationToken).ConfigureAwait(false);
        var roles = await _authorizer.GetCallerRolesAsync(userId, cancellationToken).ConfigureAwait(false);
        return [.. roles.Select(r => (JsonNode)new JsonObject { ["roleName"] = r.FullName, ["roleTitle"] = r.Title, ["appliesTo"] = r.Info["appliesTo"]!.DeepClone() })];
    }

    /// <summary>
    /// <c>getMyPermissions()</c> → <c>{userId, roles, functions}</c>: the caller's roles and every HTTP-reachable
    /// function it may call. A trusted in-process call (no caller) may call everything and says so (<c>trusted</c>).
    /// </summary>
    public JsonObject GetMyPermissions(ElementCaller? caller)
    {
        var roles = caller is null ? [] : _authorizer.RolesFor(caller.IsAuthenticated, caller.Roles);
        var functions = _authorizer.ReachableFunctions()
            .Where(p => caller is null || _authorizer.Decide(roles, caller.IsAuthenticated, p.Element, p.Function).Allowed)
            .Select(p => (JsonNode)JsonValue.Create($"{p.Element.FullName}.{p.Function.Name}"));
        return new JsonObject
        {
            ["userId"] = caller?.UserId,
            ["trusted"] = caller is null,
            ["roles"] = new JsonArray([.. roles.Select(r => (JsonNode)JsonValue.Create(r.FullName))]),
            ["functions"] = new JsonArray([.. functions]),
        };
    }

    private void RequireMemberRole(string roleName)
    {
        if (string.IsNullOrWhiteSpace(roleName)
            || !_authorizer.GetRoles().Any(r => r.Scope == RoleScope.Members && string.Equals(r.FullName, roleName, StringComparison.Ordinal)))
        {
            throw new ElementException(UnknownRole,
                $"'{roleName}' is not a role with members; roles: {string.Join(", ", _authorizer.GetRoles().Where(r => r.Scope == RoleScope.Members).Select(r => r.FullName))}");
        }
    }

    private Task<ModelStore> MembersAsync(CancellationToken cancellationToken) =>
        _app.GetElement<ModelElement>(ElementAuthorizer.MemberModel).OpenStoreAsync(cancellationToken);

    private static Q Member(long userId, string roleName) => Q.And(Q.Eq("userId", userId), Q.Eq("roleName", roleName));

    private static JsonObject Result(long userId, string roleName, string outcome, bool value) =>
        new() { ["userId"] = userId, ["roleName"] = roleName, [outcome] = value };
}
