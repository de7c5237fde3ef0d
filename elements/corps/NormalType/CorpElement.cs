using System.Text.Json.Nodes;
using Elements.Activation;
using Elements.Data.Filters;
using Elements.Std.Auths;

namespace Elements.Std.Corps;

/// <summary>
/// <c>corps.NormalType</c>: organisations and memberships on <c>corps.models.CorpModel</c> / <c>corps.models.CorpMember</c>.
/// The account core reads the same models for a login's <c>corpList</c>.
/// </summary>
[ElementType("corps.NormalType")]
public sealed class CorpElement
{
    public const string NotFound = "CORP_NOT_FOUND";
    public const string InvalidArgument = "CORP_INVALID_ARGUMENT";

    private readonly AccountDatabase _accounts;
    private readonly UserAccounts _users;
    private readonly CorpMemberships _memberships;

    public CorpElement(AccountDatabase accounts, UserAccounts users, CorpMemberships memberships)
    {
        _accounts = accounts;
        _users = users;
        _memberships = memberships;
    }

    /// <summary><c>createCorp(name)</c> → the corp row.</summary>
    public async Task<JsonObject> CreateCorpAsync(string name, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 128)
        {
            throw new ElementException(InvalidArgument, "a corp name is 1 to 128 characters");
        }

        var store = await _accounts.StoreAsync(AccountModels.Corp, cancellationToken).ConfigureAwait(false);
        return await store.CreateAsync(new JsonObject { ["name"] = name.Trim(), ["createdAt"] = AccountDatabase.Instant(_accounts.UtcNow) },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>addMember(corpId, userId, role)</c> → the membership row (the role is updated when already a member).</summary>
    public async Task<JsonObject> AddMemberAsync(long corpId, long userId, string? role = null, CancellationToken cancellationToken = default)
    {
        role = string.IsNullOrWhiteSpace(role) ? "member" : role.Trim();
        if (role.Length > 32)
        {
            throw new ElementException(InvalidArgument, "a role is at most 32 characters");
        }

        var corps = await _accounts.StoreAsync(AccountModels.Corp, cancellationToken).ConfigureAwait(false);
        var members = await _accounts.StoreAsync(AccountModels.CorpMember, cancellationToken).ConfigureAwait(false);
        if (await corps.GetByPKAsync(JsonValue.Create(corpId), cancellationToken).ConfigureAwait(false) is null)
        {
            throw new ElementException(NotFound, $"corp {corpId} does not exist");
        }

        await _users.RequireAsync(userId, cancellationToken).ConfigureAwait(false);
        return await members.UpdateOrAddAsync(Q.And(Q.Eq("corpId", corpId), Q.Eq("userId", userId)),
            new JsonObject { ["role"] = role },
            new JsonObject { ["corpId"] = corpId, ["userId"] = userId, ["createdAt"] = AccountDatabase.Instant(_accounts.UtcNow) },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>removeMember(corpId, userId)</c> → <c>{removed}</c>.</summary>
    public async Task<JsonObject> RemoveMemberAsync(long corpId, long userId, CancellationToken cancellationToken)
    {
        var members = await _accounts.StoreAsync(AccountModels.CorpMember, cancellationToken).ConfigureAwait(false);
        var count = await members.DeleteByFilterAsync(Q.And(Q.Eq("corpId", corpId), Q.Eq("userId", userId)), cancellationToken).ConfigureAwait(false);
        return new JsonObject { ["removed"] = count > 0 };
    }

    /// <summary><c>getCorpList(userId)</c> → <c>[{corpId, name, role}]</c>.</summary>
    public Task<JsonArray> GetCorpListAsync(long userId, CancellationToken cancellationToken) =>
        _memberships.GetCorpListAsync(userId, cancellationToken);
}
