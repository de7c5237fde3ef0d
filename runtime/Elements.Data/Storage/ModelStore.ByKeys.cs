using System.Text;
using System.Text.Json.Nodes;
using Elements.Data.Errors;
using Elements.Data.Filters;

namespace Elements.Data.Storage;

/// <summary>JitAi's list forms of the by-key functions: <c>updateByPK(pkList, updateData)</c>, <c>deleteByPK(pkList)</c>.</summary>
public sealed partial class ModelStore
{
    /// <summary>Most keys one by-key call takes; a longer list is refused rather than split into many statements.</summary>
    public const int MaxKeysPerCall = 1000;

    /// <summary>
    /// Sets <paramref name="updateData"/> on every row whose key is in <paramref name="pkList"/>, in one statement, and
    /// returns the updated rows in <paramref name="pkList"/> order. A key without a row (or, on an owner-scoped store,
    /// with another owner's row) is skipped, as a filter on the key would skip it; repeated keys count once.
    /// </summary>
    public Task<IReadOnlyList<JsonObject>> UpdateByPKAsync(IReadOnlyList<object?> pkList, JsonObject updateData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(updateData);
        var keys = KeyList(pkList);
        if (WritesSubRows(updateData))
        {
            // SubTable lists are replaced per parent, so each key is its own update, all in one transaction.
            return RunAsync(LeaseKind.Transaction, async lease =>
            {
                var updated = new List<JsonObject>(keys.Count);
                foreach (var key in keys)
                {
                    if (await UpdateOneAsync(lease, key, updateData, cancellationToken).ConfigureAwait(false) is { } row)
                    {
                        updated.Add(row);
                    }
                }
                return (IReadOnlyList<JsonObject>)updated;
            }, cancellationToken, written: updateData);
        }

        return RunAsync(LeaseKind.Statement, async lease =>
        {
            var ps = Parameters();
            var set = SetClause(updateData, ps, allowKey: false) ?? throw new InvalidValueException(null, "updateData is empty");
            if (keys.Count == 0)
            {
                return (IReadOnlyList<JsonObject>)[];
            }

            var sql = $"UPDATE {_table} SET {set}{KeysWhere(keys, ps)} RETURNING {_allColumns}";
            var rows = await ReadRowsAsync(lease, sql, ps, Schema.Fields, cancellationToken).ConfigureAwait(false);
            var byKey = rows.ToDictionary(KeyOf);
            return keys.Where(byKey.ContainsKey).Select(k => byKey[k]).ToList();
        }, cancellationToken, written: updateData);
    }

    /// <summary>Deletes the rows whose key is in <paramref name="pkList"/> in one statement; returns how many there were.</summary>
    public Task<int> DeleteByPKAsync(IReadOnlyList<object?> pkList, CancellationToken cancellationToken = default)
    {
        var keys = KeyList(pkList);
        if (keys.Count == 0)
        {
            return Task.FromResult(0);
        }

        return RunAsync(HasSubTables ? LeaseKind.Transaction : LeaseKind.Statement, async lease =>
        {
            await DeleteSubRowsAsync(lease, ps => $"SELECT {_pkColumn} FROM {_table}{KeysWhere(keys, ps)}", cancellationToken).ConfigureAwait(false);
            var ps = Parameters();
            return await ExecAsync(lease, $"DELETE FROM {_table}{KeysWhere(keys, ps)}", ps, cancellationToken).ConfigureAwait(false);
        }, cancellationToken, deletes: true);
    }

    /// <summary>The keys as the key field's CLR values, validated and without repeats, in first-seen order.</summary>
    private List<object> KeyList(IReadOnlyList<object?> pkList)
    {
        ArgumentNullException.ThrowIfNull(pkList);
        if (pkList.Count > MaxKeysPerCall)
        {
            throw new InvalidValueException(Schema.PrimaryKey.Name, $"pkList has {pkList.Count} keys; at most {MaxKeysPerCall} per call");
        }

        var seen = new HashSet<object>();
        var keys = new List<object>(pkList.Count);
        foreach (var key in pkList)
        {
            var value = PkValue(Q.ToNode(key));
            if (seen.Add(value))
            {
                keys.Add(value);
            }
        }

        return keys;
    }

    private string KeysWhere(List<object> keys, SqlParameters ps)
    {
        var sb = new StringBuilder(" WHERE ").Append(_pkColumn).Append(" IN (");
        for (var i = 0; i < keys.Count; i++)
        {
            sb.Append(i == 0 ? "" : ", ").Append(ps.Add(keys[i], Schema.PrimaryKey));
        }

        sb.Append(')');
        return OwnerCondition(ps) is { } owned ? sb.Append(" AND ").Append(owned).ToString() : sb.ToString();
    }
}
