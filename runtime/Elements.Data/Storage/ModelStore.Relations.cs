using System.Collections.Concurrent;
using System.Data.Common;
using System.Text;
using System.Text.Json.Nodes;
using Elements.Data.Errors;
using Elements.Data.Filters;
using Elements.Data.Schema;
using Elements.Data.Sync;
using Npgsql;

namespace Elements.Data.Storage;

/// <summary>
/// Relations: <c>__</c> paths in field and order lists, <c>level</c> expansion (RelateData values become the related
/// rows, nested through LEFT JOINs; MultiRelateData/SubTable lists come from one query per list field per page), the
/// SubTable writes that run in the parent's transaction, and the errors foreign keys raise.
/// </summary>
public sealed partial class ModelStore
{
    // Children are looked up in batches of keys: far below both databases' parameter limits.
    private const int KeyBatch = 500;

    private readonly Func<string, ModelSchema>? _related;
    private readonly ConcurrentDictionary<ModelSchema, ModelStore> _children = new();

    /// <summary>
    /// <see cref="QueryAsync(Q?, IReadOnlyList{string}?, IReadOnlyList{OrderBy}?, int?, int?, CancellationToken)"/>
    /// with JitAi's <paramref name="level"/> (0 to 5): at level n a RelateData value is the related row (an object, or
    /// null) with its own RelateData values expanded to level n-1, and each MultiRelateData/SubTable field is the list
    /// of its rows expanded at level n-1. <paramref name="fieldList"/> may name relation paths
    /// (<c>customer__custName</c>: the row gets that key) and list fields (loaded even at level 0).
    /// </summary>
    public Task<QueryResult> QueryAsync(Q? filter, IReadOnlyList<string>? fieldList, IReadOnlyList<OrderBy>? orderList,
        int? page, int? size, int level, CancellationToken cancellationToken = default)
    {
        CheckLevel(level);
        if (!NeedsRelations(filter, fieldList, orderList, level))
        {
            return QueryAsync(filter, fieldList, orderList, page, size, cancellationToken);
        }

        return RunAsync(LeaseKind.Read, async lease =>
        {
            var rows = await SelectRelatedAsync(lease, filter, fieldList, orderList, page, size, level, cancellationToken).ConfigureAwait(false);
            return await PageAsync(lease, new JsonArray([.. rows]), filter, page, size, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>First matching row with <paramref name="level"/> expansion (see the <c>level</c> overload of QueryAsync), or null.</summary>
    public Task<JsonObject?> GetAsync(Q? filter, IReadOnlyList<OrderBy>? orderList, int level, CancellationToken cancellationToken = default)
    {
        CheckLevel(level);
        if (!NeedsRelations(filter, null, orderList, level))
        {
            return GetAsync(filter, orderList, cancellationToken);
        }

        return RunAsync(LeaseKind.Read, async lease =>
        {
            var rows = await SelectRelatedAsync(lease, filter, null, orderList, null, 1, level, cancellationToken).ConfigureAwait(false);
            return rows.Count == 0 ? null : rows[0];
        }, cancellationToken);
    }

    private static void CheckLevel(int level)
    {
        if (level is < 0 or > RelationDefinition.MaxLevel)
        {
            throw new InvalidValueException(null, $"level must be between 0 and {RelationDefinition.MaxLevel}");
        }
    }

    private bool NeedsRelations(Q? filter, IReadOnlyList<string>? fieldList, IReadOnlyList<OrderBy>? orderList, int level)
        => (level > 0 && Schema.HasRelations)
            || (fieldList is not null && fieldList.Any(n => JoinPlan.IsPath(Schema, n) || Schema.FindListField(n) is not null))
            || (orderList is not null && orderList.Any(o => JoinPlan.IsPath(Schema, o.Field)))
            || (filter is not null && JoinPlan.HasPath(Schema, filter));

    private bool HasSubTables => Schema.ListFields.Any(f => f.DataType == DataType.SubTable);

    private bool IsListField(string name) => Schema.FindField(name) is null && Schema.FindListField(name) is not null;

    private bool WritesSubRows(JsonObject data) => Schema.ListFields.Any(f => f.DataType == DataType.SubTable && data.ContainsKey(f.Name));

    private ModelStore ChildStore(ModelSchema child) => _children.GetOrAdd(child, c => new ModelStore(Database, c, _related));

    private async Task<List<JsonObject>> SelectRelatedAsync(ConnectionLease lease, Q? filter, IReadOnlyList<string>? fieldList,
        IReadOnlyList<OrderBy>? orderList, int? page, int? size, int level, CancellationToken ct)
    {
        var names = fieldList is null || fieldList.Count == 0 ? null : fieldList.Distinct(StringComparer.Ordinal).ToList();
        var plan = JoinPlan.For(Schema, _d, _related, filter, (names ?? []).Concat(orderList?.Select(o => o.Field) ?? []), level);
        var shape = new RowShape(plan, level);
        var lists = new List<FieldDefinition>();
        if (names is null)
        {
            shape.AddModel(shape.Root, Schema, plan.RootTable, "", 0);
            if (level > 0)
            {
                lists.AddRange(Schema.ListFields);
            }
        }
        else
        {
            foreach (var name in names)
            {
                if (Schema.FindField(name) is { } own)
                {
                    shape.AddField(shape.Root, own, own.Name, plan.RootTable, Schema, "", 0);
                }
                else if (Schema.FindListField(name) is { } list)
                {
                    lists.Add(list);
                }
                else
                {
                    var (column, leaf) = plan.Resolve(name, forFilter: false);
                    shape.AddValue(shape.Root, name, leaf, column);
                }
            }
        }

        var pkName = Schema.PrimaryKey.Name;
        var hiddenKey = lists.Count > 0 && names is not null && !names.Contains(pkName);
        if (hiddenKey)
        {
            shape.AddValue(shape.Root, pkName, Schema.PrimaryKey, plan.Root(Schema.PrimaryKey));
        }

        var ps = Parameters();
        var where = Where(filter, ps, plan);
        var order = OrderClause(orderList, plan);
        var paging = Paging(page, size, ps);
        // The joins are complete only now: the filter and the order list may have added some.
        var sql = $"SELECT {shape.Columns} FROM {_table}{plan.Joins}{where}{order}{paging}";
        var rows = new List<JsonObject>();
        await using (var cmd = Command(lease, sql, ps))
        await using (var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                rows.Add(RowShape.Read(reader, shape.Root)!);
            }
        }

        foreach (var list in lists)
        {
            await LoadListAsync(lease, rows, list, Math.Max(level - 1, 0), ct).ConfigureAwait(false);
        }

        // Related rows expanded by joins get their lists too, one query per list field and depth.
        foreach (var node in RowShape.Expanded(shape.Root).Where(n => n.Depth < level && n.Objects is { Count: > 0 }))
        {
            var store = ChildStore(node.Schema!);
            foreach (var list in node.Schema!.ListFields)
            {
                await store.LoadListAsync(lease, node.Objects!, list, level - node.Depth - 1, ct).ConfigureAwait(false);
            }
        }

        if (hiddenKey)
        {
            foreach (var row in rows)
            {
                row.Remove(pkName);
            }
        }
        return rows;
    }

    /// <summary>Sets <paramref name="field"/> of every row to the list of its child rows: one query per batch of keys.</summary>
    private async Task LoadListAsync(ConnectionLease lease, List<JsonObject> rows, FieldDefinition field, int level, CancellationToken ct)
    {
        var (child, back) = RelatedModels.Children(Schema, field, _related);
        var store = ChildStore(child);
        var pk = Schema.PrimaryKey.Name;
        // One related row may appear in several rows (two orders of one customer): each copy gets its own list.
        var byKey = new Dictionary<string, List<JsonArray>>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var list = new JsonArray();
            row[field.Name] = list;
            if (row[pk] is { } key)
            {
                var text = key.ToJsonString();
                if (!byKey.TryGetValue(text, out var lists))
                {
                    byKey[text] = lists = [];
                }

                lists.Add(list);
            }
        }

        foreach (var batch in byKey.Keys.Chunk(KeyBatch))
        {
            var keys = new JsonArray(batch.Select(k => JsonNode.Parse(k)).ToArray());
            var children = await store.SelectRelatedAsync(lease, Q.Field(back.Name, "in", keys), null, null, null, null, level, ct).ConfigureAwait(false);
            foreach (var c in children)
            {
                // At level >= 1 the child's pointer back is itself expanded into the parent row.
                var pointer = c[back.Name] is JsonObject parent ? parent[pk] : c[back.Name];
                if (pointer is not null && byKey.TryGetValue(pointer.ToJsonString(), out var lists))
                {
                    for (var i = 0; i < lists.Count; i++)
                    {
                        lists[i].Add(i == 0 ? c : c.DeepClone());
                    }
                }
            }
        }
    }

    /// <summary>A RelateData value given as the related row (as reads at level >= 1 return it) becomes its key.</summary>
    private JsonNode? RelationKey(FieldDefinition field, JsonNode? node)
    {
        if (field.DataType != DataType.RelateData || node is not JsonObject row)
        {
            return node;
        }

        var key = field.Relation!.RelateField ?? RelatedModels.Target(Schema, field, _related).Key.Name;
        return row.TryGetPropertyValue(key, out var value)
            ? value
            : throw new InvalidValueException(field.Name, $"a related row given as an object must carry its key '{key}'");
    }

    /// <summary>
    /// Removes the list fields from a row to write (MultiRelateData is read-only and ignored, so read rows write back)
    /// and returns the SubTable lists, or null when there are none. The caller's object is not changed.
    /// </summary>
    private List<(FieldDefinition Field, JsonArray Rows)>? TakeSubRows(ref JsonObject row)
    {
        if (Schema.ListFields.Count == 0 || !row.Any(p => IsListField(p.Key)))
        {
            return null;
        }

        var result = new List<(FieldDefinition, JsonArray)>();
        var rest = new JsonObject();
        foreach (var (key, value) in row)
        {
            if (!IsListField(key))
            {
                rest[key] = value?.DeepClone();
                continue;
            }

            var field = Schema.FindListField(key)!;
            if (field.DataType != DataType.SubTable)
            {
                continue;
            }

            if (value is not (null or JsonArray) || (value is JsonArray a && a.Any(r => r is not JsonObject)))
            {
                throw new InvalidValueException(field.Name, "a SubTable value is a list of row objects");
            }

            result.Add((field, value as JsonArray ?? []));
        }
        row = rest;
        return result;
    }

    /// <summary>
    /// Writes SubTable lists for a stored parent row in the same transaction: with <paramref name="replace"/> the
    /// parent's existing sub rows are deleted first. Each child's pointer field is set to the parent's key. The stored
    /// children are added to <paramref name="parent"/>.
    /// </summary>
    private async Task WriteSubRowsAsync(ConnectionLease lease, JsonObject parent, List<(FieldDefinition Field, JsonArray Rows)>? subRows,
        bool replace, CancellationToken ct)
    {
        if (subRows is null)
        {
            return;
        }

        var parentKey = parent[Schema.PrimaryKey.Name];
        var keyValue = ValueCodec.FromJson(Schema.PrimaryKey, parentKey);
        foreach (var (field, list) in subRows)
        {
            var (child, back) = RelatedModels.Children(Schema, field, _related);
            var store = ChildStore(child);
            var backColumn = _d.Quote(back.Name);
            try
            {
                if (replace)
                {
                    await store.DeleteSubRowsAsync(lease, ps => $"SELECT {store._pkColumn} FROM {store._table} WHERE {backColumn} = {ps.Add(keyValue, back)}", 0, ct)
                        .ConfigureAwait(false);
                    var ps = Parameters();
                    await ExecAsync(lease, $"DELETE FROM {store._table} WHERE {backColumn} = {ps.Add(keyValue, back)}", ps, ct).ConfigureAwait(false);
                }

                var stored = new JsonArray();
                foreach (var item in list)
                {
                    var row = (JsonObject)item!.DeepClone();
                    row[back.Name] = parentKey?.DeepClone();
                    stored.Add(await store.InsertRowAsync(lease, row, keyOnly: false, ct).ConfigureAwait(false));
                }
                parent[field.Name] = stored;
            }
            catch (DbException ex)
            {
                lease.MarkFailed();
                throw store.TranslateWriteError(ex, deletes: false, written: null);
            }
            catch
            {
                // The parent row is written already: a transaction this write joined must not commit half of it.
                lease.MarkFailed();
                throw;
            }
        }
    }

    /// <summary>Deletes the SubTable rows (and theirs, recursively) of the parents whose keys <paramref name="parentKeys"/> selects.</summary>
    private async Task DeleteSubRowsAsync(ConnectionLease lease, Func<SqlParameters, string> parentKeys, int depth, CancellationToken ct)
    {
        if (depth > RelationDefinition.MaxLevel)
        {
            throw new SchemaException($"SubTable fields of '{Schema.Table}' nest deeper than {RelationDefinition.MaxLevel} levels (a cycle?).");
        }

        foreach (var field in Schema.ListFields.Where(f => f.DataType == DataType.SubTable))
        {
            var (child, back) = RelatedModels.Children(Schema, field, _related);
            var store = ChildStore(child);
            var backColumn = _d.Quote(back.Name);
            await store.DeleteSubRowsAsync(lease, ps => $"SELECT {store._pkColumn} FROM {store._table} WHERE {backColumn} IN ({parentKeys(ps)})", depth + 1, ct)
                .ConfigureAwait(false);
            var ps = Parameters();
            await ExecAsync(lease, $"DELETE FROM {store._table} WHERE {backColumn} IN ({parentKeys(ps)})", ps, ct).ConfigureAwait(false);
        }
    }

    private Task DeleteSubRowsAsync(ConnectionLease lease, Func<SqlParameters, string> parentKeys, CancellationToken ct)
        => HasSubTables ? DeleteSubRowsAsync(lease, parentKeys, 0, ct) : Task.CompletedTask;

    /// <summary>
    /// A provider error of a write as a data error. A foreign-key failure is DB_REFERENCED for a delete (rows still
    /// point at the row) and DB_BAD_VALUE naming the field for an insert or update (no related row has that key).
    /// </summary>
    private DataException TranslateWriteError(DbException ex, bool deletes, JsonObject? written)
    {
        var error = Database.Translate(ex, Schema);
        if (error is not ConstraintViolationException { Kind: "foreignKey" })
        {
            return error;
        }

        if (deletes)
        {
            string? table = null, field = null;
            if (ex is PostgresException { TableName: { } t, ConstraintName: { } c })
            {
                table = t;
                var prefix = $"fk_{t}_";
                field = c.StartsWith(prefix, StringComparison.Ordinal) && c.Length > prefix.Length ? c[prefix.Length..] : null;
            }
            return new ReferencedRowException(Schema.Table, table, field, ex);
        }

        var relations = Schema.Fields.Where(f => f.DataType == DataType.RelateData).ToList();
        var named = ex is PostgresException { ConstraintName: { } name }
            ? relations.FirstOrDefault(f => ForeignKeys.Name(Schema.Table, f.Name) == name)
            : null;
        var candidates = named is not null ? [named]
            : written is null ? relations
            : relations.Where(f => written[f.Name] is not null).ToList();
        if (candidates.Count == 0)
        {
            candidates = relations;
        }

        var fieldName = candidates.Count == 1 ? candidates[0].Name : null;
        var which = new StringBuilder();
        foreach (var f in candidates)
        {
            which.Append(which.Length == 0 ? "" : " or ").Append($"'{f.Name}' ({f.Relation!.Generic})");
        }
        return new InvalidValueException(fieldName, fieldName is null
            ? $"no related row has the key given in {which}"
            : $"no row of '{candidates[0].Relation!.Generic}' has this key");
    }

    /// <summary>The columns of one relational select and how they nest into row objects.</summary>
    private sealed class RowShape(JoinPlan plan, int level)
    {
        private readonly StringBuilder _columns = new();
        private int _count;

        public Node Root { get; } = new();

        public string Columns => _columns.ToString();

        public void AddModel(Node node, ModelSchema schema, string alias, string path, int depth)
        {
            foreach (var f in schema.Fields)
            {
                AddField(node, f, f.Name, alias, schema, path, depth);
            }
        }

        /// <summary>A field of the model joined as <paramref name="alias"/> (the root when <paramref name="depth"/> is 0):
        /// a value, or below <paramref name="level"/> a RelateData field expanded into the related row.</summary>
        public void AddField(Node node, FieldDefinition f, string key, string alias, ModelSchema schema, string path, int depth)
        {
            var column = depth == 0 ? plan.Root(f) : $"{alias}.\"{f.Name}\"";
            if (f.DataType != DataType.RelateData || depth >= level)
            {
                AddValue(node, key, f, column);
                return;
            }

            var childPath = path.Length == 0 ? f.Name : path + "__" + f.Name;
            var (childAlias, target, targetKey) = plan.Join(childPath, alias, schema, f);
            var child = new Node { Schema = target, Depth = depth + 1, Objects = target.ListFields.Count > 0 ? [] : null };
            AddModel(child, target, childAlias, childPath, depth + 1);
            child.KeyIndex = child.Entries.OfType<Value>().FirstOrDefault(v => v.Key == targetKey.Name)?.Index ?? -1;
            node.Entries.Add(new Nested(key, child));
        }

        public void AddValue(Node node, string key, FieldDefinition field, string column)
        {
            _columns.Append(_count == 0 ? "" : ", ").Append(column);
            node.Entries.Add(new Value(key, field, _count++));
        }

        public static JsonObject? Read(DbDataReader reader, Node node)
        {
            // A left join that found nothing (a null pointer) yields a null key: the related row is null.
            if (node.KeyIndex >= 0 && reader.IsDBNull(node.KeyIndex))
            {
                return null;
            }

            var properties = new KeyValuePair<string, JsonNode?>[node.Entries.Count];
            for (var i = 0; i < properties.Length; i++)
            {
                properties[i] = node.Entries[i] switch
                {
                    Value v => new(v.Key, reader.GetValue(v.Index) is var raw && raw is DBNull ? null : ValueCodec.ToJson(v.Field, raw)),
                    Nested n => new(n.Key, Read(reader, n.Child)),
                    _ => throw new InvalidOperationException(),
                };
            }
            var row = new JsonObject(properties);
            node.Objects?.Add(row);
            return row;
        }

        /// <summary>The expanded related-row nodes, at every depth.</summary>
        public static IEnumerable<Node> Expanded(Node node)
        {
            foreach (var n in node.Entries.OfType<Nested>())
            {
                yield return n.Child;
                foreach (var deeper in Expanded(n.Child))
                {
                    yield return deeper;
                }
            }
        }

        public sealed class Node
        {
            public List<Entry> Entries { get; } = [];

            public int KeyIndex { get; set; } = -1;

            /// <summary>The related model of an expanded node (null for the root).</summary>
            public ModelSchema? Schema { get; init; }

            public int Depth { get; init; }

            /// <summary>The related rows read for an expanded node, to load their list fields afterwards.</summary>
            public List<JsonObject>? Objects { get; set; }
        }

        public abstract record Entry(string Key);

        public sealed record Value(string Key, FieldDefinition Field, int Index) : Entry(Key);

        public sealed record Nested(string Key, Node Child) : Entry(Key);
    }
}
