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
        var memberships = await members.QueryAsync(Q.Eq("userId", userId), null, [OrderBy.Asc("corpId")], null, null, cancellationToken)
            .ConfigureAwait(false);
        var result = new JsonArray();
        if (memberships.RowDatas.Count == 0)
        {
            return result;
        }

        var ids = memberships.RowDatas.Select(r => (long)r!["corpId"]!).Distinct().ToArray();
        var names = (await corps.QueryAsync(Q.Field("corpId", "in", ids), null, null, null, null, cancellationToken).ConfigureAwait(false))
            .RowDatas.ToDictionary(r => (long)r!["corpId"]!, r => (string?)r!["name"]);
        foreach (var row in memberships.RowDatas)
        {
            var corpId = (long)row!["corpId"]!;
            if (names.TryGetValue(corpId, out var name))
            {
                result.Add(new JsonObject { ["corpId"] = corpId, ["name"] = name, ["role"] = (string?)row["role"] });
            }
        }

        return result;
    }
}
