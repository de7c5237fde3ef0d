using System.Text.Json.Nodes;
using Elements.Data.Filters;

namespace Elements.Std.Auths;

/// <summary>A user's organisations (<c>corps.models.CorpMember</c> joined with <c>corps.models.CorpModel</c>).</summary>
public sealed class CorpMemberships(AccountDatabase accounts)
{
    /// <summary>The user's organisations: <c>[{corpId, name, role}]</c>, by corpId.</summary>
    public async Task<JsonArray> GetCorpListAsync(long userId, CancellationToken cancellationToken = default)
    {
        var members = await accounts.StoreAsync(AccountModels.CorpMember, cancellationToken).ConfigureAwait(false);
        var corps = await accounts.StoreAsync(AccountModels.Corp, cancellationToken).ConfigureAwait(false);
        var memberships = await members.QueryAsync<Membership>(Q.Eq("userId", userId), [OrderBy.Asc("corpId")], null, null, cancellationToken)
            .ConfigureAwait(false);
        var result = new JsonArray();
        if (memberships.Count == 0)
        {
            return result;
        }

        var ids = memberships.Select(m => m.CorpId).Distinct().ToArray();
        var names = (await corps.QueryAsync<Corp>(Q.Field("corpId", "in", ids), null, null, null, cancellationToken).ConfigureAwait(false))
            .ToDictionary(c => c.CorpId, c => c.Name);
        foreach (var membership in memberships)
        {
            if (names.TryGetValue(membership.CorpId, out var name))
            {
                result.Add(new JsonObject { ["corpId"] = membership.CorpId, ["name"] = name, ["role"] = membership.Role });
            }
        }

        return result;
    }

    private sealed class Membership
    {
        public long CorpId { get; set; }

        public string? Role { get; set; }
    }

    private sealed class Corp
    {
        public long CorpId { get; set; }

        public string? Name { get; set; }
    }
}
