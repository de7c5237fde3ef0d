using System.Collections.Concurrent;
using System.Data.Common;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Elements.Data.Dialects;
using Elements.Data.Errors;
using Elements.Data.Filters;
using Elements.Data.Schema;
using Elements.Data.Sync;

namespace Elements.Data.Storage;

/// <summary>
/// CRUD for one model on one database. Rows travel as <see cref="JsonObject"/> keyed by the declared field names.
/// Every write runs in a transaction (the ambient one when present), so a failed write changes nothing.
/// A store made by <see cref="OwnedBy"/> sees and changes only one owner's rows: the owner condition is part of every
/// statement's WHERE (reads, counts, updates, deletes) and every insert is stamped with the owner.
/// </summary>
public sealed partial class ModelStore
{
    private readonly SqlDialect _d;
    private readonly string _table;
    private readonly string _allColumns;
    private readonly string _pkColumn;
    private readonly FieldDefinition? _ownerField;

    // The key order that ends every ORDER BY, so rows and pages come in a stable order; an aggregate's is its groups.
    private readonly string _keyOrder;

    // Values of the parameters an aggregate's FROM subquery uses (@p0...); every statement starts with them.
    private readonly IReadOnlyList<(object? Value, FieldDefinition? Field)> _seed = [];

    private readonly bool _readOnly;

    // The columns a typed read or RETURNING fetches for a row type: those its properties or constructor name.
    private readonly ConcurrentDictionary<Type, (string Columns, IReadOnlyList<FieldDefinition> Fields)> _typedColumns = new();

    public ModelStore(Database database, ModelSchema schema)
        : this(database, schema, null)
    {
    }

    /// <param name="relatedModels">Resolves a related model's full name (a relation field's <c>generic</c>) to its
    /// schema; needed by relation fields, <c>__</c> paths, expansion and foreign-key sync. It must only name models
    /// stored in <paramref name="database"/>, and is called lazily (per statement), never here.</param>
    public ModelStore(Database database, ModelSchema schema, Func<string, ModelSchema>? relatedModels)
    {
        _related = relatedModels;
        Database = database ?? throw new ArgumentNullException(nameof(database));
        Schema = schema ?? throw new ArgumentNullException(nameof(schema));
        _d = database.Dialect;
        _table = _d.Quote(schema.Table);
        _allColumns = string.Join(", ", schema.Fields.Select(f => _d.Quote(f.Name)));
        _pkColumn = _d.Quote(schema.PrimaryKey.Name);
        _keyOrder = _pkColumn + " ASC";
    }

    private ModelStore(ModelStore unscoped, OwnerScope owner, FieldDefinition ownerField)
    {
        Database = unscoped.Database;
        Schema = unscoped.Schema;
        _d = unscoped._d;
        _table = unscoped._table;
        _allColumns = unscoped._allColumns;
        _pkColumn = unscoped._pkColumn;
        _keyOrder = unscoped._keyOrder;
        _seed = unscoped._seed;
        _readOnly = unscoped._readOnly;
        _related = unscoped._related;
        Owner = owner;
        _ownerField = ownerField;
    }

    public Database Database { get; }

    public ModelSchema Schema { get; }

    /// <summary>The owner this store is limited to (see <see cref="OwnedBy"/>); null for the unrestricted store.</summary>
    public OwnerScope? Owner { get; }

    /// <summary>
    /// The same model limited to <paramref name="owner"/>'s rows: every read, count, update and delete carries
    /// <c>AND ownerField = ownerId</c> in its SQL (a caller without an owner id matches nothing), so a by-key call on
    /// another owner's row behaves exactly like one on a missing row. Inserts are stamped with the owner; a row or
    /// change naming another owner, an insert by a caller that owns nothing and an insert choosing its own AutoInt key
    /// (which would reveal whether another owner's row has it) are <see cref="RowForbiddenException"/>. The owner field
    /// must be a non-key Integer field.
    /// </summary>
    public ModelStore OwnedBy(OwnerScope owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (Owner is not null)
        {
            throw new InvalidOperationException("The store is already limited to an owner.");
        }

        var field = Schema.FindField(owner.Field);
        if (field is null || field.DataType != DataType.Integer || field.PrimaryKey)
        {
            throw new ArgumentException($"The owner field '{owner.Field}' must be a non-key Integer field of '{Schema.Table}'.", nameof(owner));
        }

        return new ModelStore(this, owner, field);
    }

    public Task<SchemaSyncResult> SyncSchemaAsync(CancellationToken cancellationToken = default)
        => Database.SyncSchemaAsync(Schema, _related, cancellationToken);

    /// <summary>Inserts a row (defaults fill omitted fields) and returns it as stored, with its key.</summary>
    public Task<JsonObject> CreateAsync(JsonObject rowData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rowData);
        return RunAsync(InsertLease(rowData), lease => InsertRowAsync(lease, rowData, keyOnly: false, cancellationToken), cancellationToken,
            written: rowData);
    }

    /// <summary>
    /// Inserts a row like <see cref="CreateAsync"/> and returns only its primary key: the statement returns the key
    /// column alone, for a caller that does not need the stored row back.
    /// </summary>
    public async Task<JsonNode> InsertAsync(JsonObject rowData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rowData);
        var row = await RunAsync(InsertLease(rowData), lease => InsertRowAsync(lease, rowData, keyOnly: true, cancellationToken),
            cancellationToken, written: rowData).ConfigureAwait(false);
        return row[Schema.PrimaryKey.Name]!;
    }

    /// <summary>
    /// Inserts a row like <see cref="InsertAsync"/> only while <paramref name="referenced"/> holds the row whose key is
    /// the value of <paramref name="field"/>, checked by the INSERT itself (<c>INSERT … SELECT … WHERE EXISTS</c>), as a
    /// foreign key would refuse it, for a field declared without one. Returns the new row's key, or null when that row
    /// does not exist and nothing was inserted: one statement where a read of the referenced row and the insert are two.
    /// </summary>
    public async Task<JsonNode?> InsertIfReferencedAsync(JsonObject rowData, string field, ModelStore referenced, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rowData);
        ArgumentNullException.ThrowIfNull(referenced);
        RequireSameDatabase(referenced, nameof(referenced));

        var referencedKey = referenced.Schema.PrimaryKey;
        if (ValueCodec.FromJson(referencedKey, RelationKey(Schema.GetField(field), rowData[field])) is not { } value)
        {
            // A row that references nothing references no existing row.
            return null;
        }

        var row = await RunAsync(InsertLease(rowData), lease => InsertRowAsync(lease, rowData, keyOnly: true, cancellationToken,
                ps => $"EXISTS (SELECT 1 FROM {referenced._table} WHERE {referenced._pkColumn} = {ps.Add(value, referencedKey)})"),
            cancellationToken, written: rowData).ConfigureAwait(false);
        return row?[Schema.PrimaryKey.Name];
    }

    // A Serial's counter advances in the insert's transaction, so a failed insert gives its number back.
    private LeaseKind InsertLease(JsonObject rowData) =>
        WritesSubRows(rowData) || Schema.HasSerialField ? LeaseKind.Transaction : LeaseKind.Statement;

    /// <summary>First row matching <paramref name="filter"/> (in <paramref name="orderList"/> order), or null.</summary>
    public Task<JsonObject?> GetAsync(Q? filter = null, IReadOnlyList<OrderBy>? orderList = null, CancellationToken cancellationToken = default)
        => NeedsRelations(filter, null, orderList, 0) ? GetAsync(filter, orderList, 0, cancellationToken) : RunAsync(LeaseKind.Read, async lease =>
        {
            var ps = Parameters();
            var sql = $"SELECT {_allColumns} FROM {_table}{Where(filter, ps)}{OrderClause(orderList)} LIMIT 1";
            var rows = await ReadRowsAsync(lease, sql, ps, Schema.Fields, cancellationToken).ConfigureAwait(false);
            return rows.Count == 0 ? null : rows[0];
        }, cancellationToken);

    public Task<JsonObject?> GetByPKAsync(JsonNode pk, CancellationToken cancellationToken = default)
        => RunAsync(LeaseKind.Read, lease => SelectByPkAsync(lease, PkValue(pk), cancellationToken), cancellationToken);

    /// <summary>
    /// Rows matching <paramref name="filter"/>. <paramref name="fieldList"/> limits the returned fields;
    /// <paramref name="page"/> is 1-based and applies only with <paramref name="size"/> (no size = all rows).
    /// Rows are ordered by <paramref name="orderList"/>, then by primary key so pages are stable.
    /// </summary>
    public Task<QueryResult> QueryAsync(Q? filter = null, IReadOnlyList<string>? fieldList = null, IReadOnlyList<OrderBy>? orderList = null,
        int? page = null, int? size = null, CancellationToken cancellationToken = default)
    {
        if (NeedsRelations(filter, fieldList, orderList, 0))
        {
            return QueryAsync(filter, fieldList, orderList, page, size, 0, cancellationToken);
        }

        var fields = fieldList is null || fieldList.Count == 0
            ? Schema.Fields
            : fieldList.Distinct(StringComparer.Ordinal).Select(Schema.GetField).ToList();
        var columns = ReferenceEquals(fields, Schema.Fields) ? _allColumns : string.Join(", ", fields.Select(f => _d.Quote(f.Name)));
        return RunAsync(LeaseKind.Read, async lease =>
        {
            var ps = Parameters();
            var where = Where(filter, ps);
            var order = OrderClause(orderList);
            var paging = Paging(page, size, ps);
            var rows = await ReadRowArrayAsync(lease, $"SELECT {columns} FROM {_table}{where}{order}{paging}", ps, fields, cancellationToken).ConfigureAwait(false);
            return await PageAsync(lease, rows, filter, page, size, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>
    /// A page of rows with its total: counted by a second statement only when the page is full or not the first (a
    /// short first page is everything).
    /// </summary>
    private async Task<QueryResult> PageAsync(ConnectionLease lease, JsonArray rows, Q? filter, int? page, int? size, CancellationToken ct)
    {
        long total = rows.Count;
        if (size is not null && (rows.Count == size || (page ?? 1) > 1))
        {
            // Fresh parameters: the count must not carry the paging parameters.
            var countPs = Parameters();
            total = await ScalarAsync(lease, $"SELECT COUNT(*) FROM {_table}{Where(filter, countPs)}", countPs, ct).ConfigureAwait(false);
        }

        return new QueryResult(rows, total);
    }

    public Task<long> CountAsync(Q? filter = null, CancellationToken cancellationToken = default)
        => RunAsync(LeaseKind.Read, lease =>
        {
            var ps = Parameters();
            return ScalarAsync(lease, $"SELECT COUNT(*) FROM {_table}{Where(filter, ps)}", ps, cancellationToken);
        }, cancellationToken);

    /// <summary>Updates the row with key <paramref name="pk"/> and returns it. Throws DB_NOT_FOUND when absent.</summary>
    public Task<JsonObject> UpdateByPKAsync(JsonNode pk, JsonObject data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var key = PkValue(pk);
        return RunAsync(WritesSubRows(data) ? LeaseKind.Transaction : LeaseKind.Statement, async lease =>
            await UpdateOneAsync(lease, key, data, cancellationToken).ConfigureAwait(false)
            ?? throw new RecordNotFoundException(Schema.Table, pk), cancellationToken, written: data);
    }

    /// <summary>Deletes the row with key <paramref name="pk"/>; false when there was none.</summary>
    public Task<bool> DeleteByPKAsync(JsonNode pk, CancellationToken cancellationToken = default)
    {
        var key = PkValue(pk);
        return RunAsync(HasSubTables ? LeaseKind.Transaction : LeaseKind.Statement, async lease =>
        {
            await DeleteSubRowsAsync(lease, ps => $"SELECT {_pkColumn} FROM {_table}{PkWhere(key, ps)}", cancellationToken).ConfigureAwait(false);
            var ps = Parameters();
            var sql = $"DELETE FROM {_table}{PkWhere(key, ps)}";
            return await ExecAsync(lease, sql, ps, cancellationToken).ConfigureAwait(false) > 0;
        }, cancellationToken, deletes: true);
    }

    /// <summary>Updates every row matching <paramref name="filter"/>; returns how many. Use <c>Q.And()</c> to mean all rows.</summary>
    public Task<int> UpdateByFilterAsync(Q filter, JsonObject data, CancellationToken cancellationToken = default)
    {
        RequireFilter(filter);
        ArgumentNullException.ThrowIfNull(data);
        return RunAsync(LeaseKind.Statement, lease =>
        {
            var ps = Parameters();
            return ExecAsync(lease, UpdateSql(filter, data, ps), ps, cancellationToken);
        }, cancellationToken, written: data);
    }

    /// <summary>
    /// Updates every row matching <paramref name="filter"/> and returns the updated rows as <typeparamref name="T"/>, in
    /// one <c>UPDATE … RETURNING</c> of the fields <typeparamref name="T"/> maps (by name, as Dapper maps them): a
    /// conditional update that must also say what it changed (consume a code and learn its user) needs no read before
    /// or after it.
    /// </summary>
    public Task<IReadOnlyList<T>> UpdateByFilterAsync<T>(Q filter, JsonObject data, CancellationToken cancellationToken = default)
    {
        RequireFilter(filter);
        ArgumentNullException.ThrowIfNull(data);
        var (columns, fields) = TypedColumns<T>();
        return RunAsync(LeaseKind.Statement, async lease =>
        {
            var ps = Parameters();
            var sql = $"{UpdateSql(filter, data, ps)} RETURNING {columns}";
            return (IReadOnlyList<T>)await ReadTypedAsync<T>(lease, sql, ps, fields, int.MaxValue, cancellationToken).ConfigureAwait(false);
        }, cancellationToken, written: data);
    }

    /// <param name="also">A further condition, ANDed to the filter's.</param>
    private string UpdateSql(Q filter, JsonObject data, SqlParameters ps, string? also = null)
    {
        var set = SetClause(data, ps, allowKey: false) ?? throw new InvalidValueException(null, "update data is empty");
        return $"UPDATE {_table} SET {set}{Where(filter, ps, also: also)}";
    }

    /// <summary>
    /// One atomic UPDATE for counters (throttles, quotas): on the rows matching <paramref name="filter"/>, adds 1 to the
    /// Integer field <paramref name="counter"/> (restarting it at 1 on rows that match <paramref name="restartWhen"/>),
    /// then sets the fields of <paramref name="whenReached"/> on rows whose new count is at least <paramref name="limit"/>
    /// and those of <paramref name="otherwise"/> on the others (a field named in only one of them keeps its value in the
    /// other case). Returns the updated rows as stored. The count and the limit are evaluated by the database inside the
    /// statement, so of any number of concurrent callers each gets a distinct count and exactly one reaches the limit,
    /// on SQLite and PostgreSQL alike; a read-then-write from C# could not promise that.
    /// </summary>
    public Task<IReadOnlyList<JsonObject>> IncrementByFilterAsync(Q filter, string counter, Q? restartWhen, long limit,
        JsonObject whenReached, JsonObject otherwise, CancellationToken cancellationToken = default)
    {
        RequireFilter(filter);
        ArgumentNullException.ThrowIfNull(whenReached);
        ArgumentNullException.ThrowIfNull(otherwise);
        var counterField = Schema.GetField(counter);
        if (counterField.PrimaryKey || counterField.DataType != DataType.Integer)
        {
            throw new InvalidValueException(counterField.Name, "a counter is an Integer field that is not the primary key");
        }

        return RunAsync(LeaseKind.Statement, async lease =>
        {
            var ps = Parameters();
            var column = _d.Quote(counterField.Name);
            var next = restartWhen is null
                ? $"(COALESCE({column}, 0) + 1)"
                : $"(CASE WHEN {FilterCompiler.Compile(restartWhen, Schema, _d, ps)} THEN 1 ELSE COALESCE({column}, 0) + 1 END)";
            var reached = $"{next} >= {ps.Add(limit)}";
            var set = new StringBuilder($"{column} = {next}");
            foreach (var name in whenReached.Select(p => p.Key).Concat(otherwise.Select(p => p.Key)).Distinct(StringComparer.Ordinal))
            {
                var f = Schema.GetField(name);
                if (f.PrimaryKey || f.Name == counterField.Name)
                {
                    throw new InvalidValueException(f.Name, "the primary key and the counter cannot be set by a counter update");
                }

                var quoted = _d.Quote(f.Name);
                set.Append(", ").Append(quoted).Append(" = CASE WHEN ").Append(reached)
                    .Append(" THEN ").Append(ValueSql(whenReached, f, quoted, ps))
                    .Append(" ELSE ").Append(ValueSql(otherwise, f, quoted, ps)).Append(" END");
            }
            var sql = $"UPDATE {_table} SET {set}{Where(filter, ps)} RETURNING {_allColumns}";
            return (IReadOnlyList<JsonObject>)await ReadRowsAsync(lease, sql, ps, Schema.Fields, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

        // A literal NULL rather than an untyped null parameter, which PostgreSQL cannot always type inside CASE.
        static string ValueSql(JsonObject values, FieldDefinition field, string column, SqlParameters ps) =>
            !values.TryGetPropertyValue(field.Name, out var node) ? column
            : ValueCodec.FromJson(field, node) is { } value ? ps.Add(value, field)
            : "NULL";
    }

    /// <summary>Deletes every row matching <paramref name="filter"/>; returns how many. Use <c>Q.And()</c> to mean all rows.</summary>
    public Task<int> DeleteByFilterAsync(Q filter, CancellationToken cancellationToken = default)
    {
        RequireFilter(filter);
        return RunAsync(HasSubTables ? LeaseKind.Transaction : LeaseKind.Statement, async lease =>
        {
            await DeleteSubRowsAsync(lease, ps => $"SELECT {_pkColumn} FROM {_table}{Where(filter, ps)}", cancellationToken).ConfigureAwait(false);
            var ps = Parameters();
            return await ExecAsync(lease, $"DELETE FROM {_table}{Where(filter, ps)}", ps, cancellationToken).ConfigureAwait(false);
        }, cancellationToken, deletes: true);
    }

    /// <summary>
    /// JitAi's <c>updateOrAdd</c>: applies <paramref name="updateData"/> to the first row matching <paramref name="filter"/>
    /// (in <paramref name="orderList"/> order, then key order; other matching rows are left as they are) and returns it;
    /// when none matches, inserts <paramref name="updateData"/> overlaid with <paramref name="addData"/> and returns the
    /// new row. The update is one statement, so the row it picks cannot change between the choice and the write.
    /// </summary>
    public Task<JsonObject> UpdateOrAddAsync(Q filter, IReadOnlyList<OrderBy>? orderList, JsonObject updateData, JsonObject addData,
        CancellationToken cancellationToken = default)
    {
        RequireFilter(filter);
        ArgumentNullException.ThrowIfNull(updateData);
        ArgumentNullException.ThrowIfNull(addData);
        return RunAsync(LeaseKind.Transaction, async lease =>
        {
            var ps = Parameters();
            var set = SetClause(updateData, ps, allowKey: false);
            var first = $"SELECT {_pkColumn} FROM {_table}{Where(filter, ps)}{OrderClause(orderList)} LIMIT 1";
            var sql = set is null
                ? $"SELECT {_allColumns} FROM {_table} WHERE {_pkColumn} = ({first})"
                : $"UPDATE {_table} SET {set} WHERE {_pkColumn} = ({first}) RETURNING {_allColumns}";
            var rows = await ReadRowsAsync(lease, sql, ps, Schema.Fields, cancellationToken).ConfigureAwait(false);
            if (rows.Count > 0)
            {
                return rows[0];
            }

            var merged = (JsonObject)updateData.DeepClone();
            foreach (var (key, value) in addData)
            {
                merged[key] = value?.DeepClone();
            }

            return await InsertRowAsync(lease, merged, keyOnly: false, cancellationToken).ConfigureAwait(false);
        }, cancellationToken, written: updateData);
    }

    /// <summary><see cref="UpdateOrAddAsync(Q, IReadOnlyList{OrderBy}?, JsonObject, JsonObject, CancellationToken)"/> in key order.</summary>
    public Task<JsonObject> UpdateOrAddAsync(Q filter, JsonObject updateData, JsonObject addData, CancellationToken cancellationToken = default)
        => UpdateOrAddAsync(filter, null, updateData, addData, cancellationToken);

    /// <summary>
    /// In one transaction: rows whose key exists are updated, the others inserted. Returns the stored rows in input
    /// order. Any failure rolls back all of them.
    /// </summary>
    public Task<JsonArray> CreateOrUpdateManyAsync(IEnumerable<JsonObject> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var list = rows.ToList();
        return RunAsync(LeaseKind.Transaction, async lease =>
        {
            var result = new JsonArray();
            foreach (var row in list)
            {
                ArgumentNullException.ThrowIfNull(row);
                JsonObject? stored = null;
                if (row[Schema.PrimaryKey.Name] is { } pkNode)
                {
                    var rest = new JsonObject();
                    foreach (var (key, value) in row)
                    {
                        if (key != Schema.PrimaryKey.Name)
                        {
                            rest[key] = value?.DeepClone();
                        }
                    }
                    stored = await UpdateOneAsync(lease, PkValue(pkNode), rest, cancellationToken).ConfigureAwait(false);
                }
                stored ??= await InsertRowAsync(lease, row, keyOnly: false, cancellationToken).ConfigureAwait(false);
                result.Add(stored);
            }
            return result;
        }, cancellationToken);
    }

    /// <summary>Typed query mapped by Dapper (columns to properties by name); only the fields <typeparamref name="T"/> maps are read.</summary>
    public Task<IReadOnlyList<T>> QueryAsync<T>(Q? filter = null, IReadOnlyList<OrderBy>? orderList = null, int? page = null, int? size = null,
        CancellationToken cancellationToken = default)
        => RunAsync(LeaseKind.Read, async lease =>
        {
            var ps = Parameters();
            var (columns, fields) = TypedColumns<T>();
            var sql = TypedSelect(filter, orderList, columns, fields, ps) + Paging(page, size, ps);
            return (IReadOnlyList<T>)await ReadTypedAsync<T>(lease, sql, ps, fields, int.MaxValue, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Typed single row mapped by Dapper, or default.</summary>
    public Task<T?> GetAsync<T>(Q? filter = null, IReadOnlyList<OrderBy>? orderList = null, CancellationToken cancellationToken = default)
        => RunAsync(LeaseKind.Read, async lease =>
        {
            var ps = Parameters();
            var (columns, fields) = TypedColumns<T>();
            var sql = TypedSelect(filter, orderList, columns, fields, ps) + " LIMIT 1";
            var rows = await ReadTypedAsync<T>(lease, sql, ps, fields, 1, cancellationToken).ConfigureAwait(false);
            return rows.Count == 0 ? default : rows[0];
        }, cancellationToken);

    /// <summary>
    /// The model's own columns, filtered and ordered; relation paths join their models into this one statement
    /// (many-to-one joins never repeat a row), as a hand-written query would, rather than through a key subquery.
    /// </summary>
    private string TypedSelect(Q? filter, IReadOnlyList<OrderBy>? orderList, string columns, IReadOnlyList<FieldDefinition> fields, SqlParameters ps)
    {
        var plan = JoinPlan.For(Schema, _d, _related, filter, orderList?.Select(o => o.Field));
        if (!plan.Qualified)
        {
            return $"SELECT {columns} FROM {_table}{Where(filter, ps)}{OrderClause(orderList)}";
        }

        var where = Where(filter, ps, plan);
        var order = OrderClause(orderList, plan);
        var qualified = string.Join(", ", fields.Select(f => $"{plan.Root(f)} AS {_d.Quote(f.Name)}"));
        return $"SELECT {qualified} FROM {_table}{plan.Joins}{where}{order}";
    }

    /// <summary>The fields <typeparamref name="T"/> maps by name (case-insensitive, as Dapper), or all fields when it names none.</summary>
    private (string Columns, IReadOnlyList<FieldDefinition> Fields) TypedColumns<T>() => _typedColumns.GetOrAdd(typeof(T), type =>
    {
        var names = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name)
            .Concat(type.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.Name ?? ""))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        // Also without underscores: Dapper's MatchNamesWithUnderscores maps first_name to FirstName.
        var fields = Schema.Fields.Where(f => names.Contains(f.Name) || names.Contains(f.Name.Replace("_", "", StringComparison.Ordinal))).ToList();
        return fields.Count == 0 ? (_allColumns, Schema.Fields) : (string.Join(", ", fields.Select(f => _d.Quote(f.Name))), fields);
    });

    /// <summary>
    /// Maps rows with Dapper's row parser over a <see cref="SchemaDataReader"/>, so each column has its field's one
    /// CLR type on both databases (see there why the raw reader is not enough).
    /// </summary>
    /// <param name="alsoRead">Reads more of each row (columns <typeparamref name="T"/> does not map).</param>
    private static async Task<List<T>> ReadTypedAsync<T>(ConnectionLease lease, string sql, SqlParameters ps, IReadOnlyList<FieldDefinition> fields, int max,
        CancellationToken ct, Action<DbDataReader>? alsoRead = null)
    {
        await using var cmd = Command(lease, sql, ps);
        await using var reader = new SchemaDataReader(await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false), fields);
        var rows = new List<T>();
        Func<DbDataReader, T>? parse = null;
        while (rows.Count < max && await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            parse ??= reader.GetRowParser<T>();
            rows.Add(parse(reader));
            alsoRead?.Invoke(reader);
        }
        return rows;
    }

    private void RequireWritable()
    {
        if (_readOnly)
        {
            throw new DataException(DataErrorCodes.ReadOnly, $"'{Schema.Table}' is computed from other models (an aggregate) and cannot be written");
        }
    }

    /// <param name="deletes">The body deletes rows (a foreign-key failure then means "still referenced").</param>
    /// <param name="written">The row data written, to name the relation field a foreign-key failure is about.</param>
    private async Task<T> RunAsync<T>(LeaseKind kind, Func<ConnectionLease, Task<T>> body, CancellationToken ct,
        bool deletes = false, JsonObject? written = null)
    {
        if (kind != LeaseKind.Read)
        {
            RequireWritable();
        }

        await using var lease = await Database.AcquireAsync(kind, ct).ConfigureAwait(false);
        try
        {
            var result = await body(lease).ConfigureAwait(false);
            await lease.CompleteAsync(ct).ConfigureAwait(false);
            return result;
        }
        catch (DbException ex)
        {
            lease.MarkFailed();
            throw TranslateWriteError(ex, deletes, written);
        }
    }

    /// <param name="keyOnly">The INSERT returns the key alone (the stored row holds only it) instead of the whole row.</param>
    private async Task<JsonObject> InsertRowAsync(ConnectionLease lease, JsonObject row, bool keyOnly, CancellationToken ct)
        => (await InsertRowAsync(lease, row, keyOnly, ct, guard: null).ConfigureAwait(false))!;

    /// <summary>The insert, or with <paramref name="guard"/> (a condition built on the statement's parameters) an
    /// <c>INSERT … SELECT … WHERE guard</c> that inserts nothing, and returns null, while the condition is false.</summary>
    private async Task<JsonObject?> InsertRowAsync(ConnectionLease lease, JsonObject row, bool keyOnly, CancellationToken ct,
        Func<SqlParameters, string>? guard)
    {
        var ps = Parameters();
        // The statement is written while the row is read: its column list first, then one placeholder per column.
        var sql = SqlText.Rent().Append("INSERT INTO ").Append(_table).Append(" (");
        var columnsStart = sql.Length;
        var firstValue = ps.Count;
        var subRows = TakeSubRows(ref row);
        var hasKey = await AppendInsertColumnsAsync(lease, row, skip: null, ps, sql, ct).ConfigureAwait(false);
        if (!hasKey && Schema.PrimaryKey.DataType != DataType.AutoInt)
        {
            throw new InvalidValueException(Schema.PrimaryKey.Name, "the primary key is required");
        }

        if (sql.Length == columnsStart && guard is null)
        {
            sql.Length = columnsStart - 2;
            sql.Append(" DEFAULT VALUES");
        }
        else
        {
            // A guarded row names at least the guarded field (InsertIfReferencedAsync inserts no row without it).
            sql.Append(guard is null ? ") VALUES (" : ") SELECT ");
            for (var i = firstValue; i < ps.Count; i++)
            {
                sql.Append(i == firstValue ? "" : ", ").Append(_d.Placeholder(i));
            }

            if (guard is null)
            {
                sql.Append(')');
            }
            else
            {
                sql.Append(" WHERE ").Append(guard(ps));
            }
        }

        sql.Append(" RETURNING ").Append(keyOnly ? _pkColumn : _allColumns);
        var stored = keyOnly
            ? await ReadKeyAsync(lease, SqlText.Return(sql), ps, ct).ConfigureAwait(false)
            : (await ReadRowsAsync(lease, SqlText.Return(sql), ps, Schema.Fields, ct).ConfigureAwait(false)) is [var first, ..] ? first : null;
        if (stored is null)
        {
            return null;
        }

        if (hasKey && Schema.PrimaryKey.DataType == DataType.AutoInt && _d.AdvanceKeySequenceSql is { } advance)
        {
            var seq = Parameters();
            seq.Add(_d.Quote(Schema.Table));
            seq.Add(Schema.PrimaryKey.Name);
            seq.Add((long)stored[Schema.PrimaryKey.Name]!);
            await ExecAsync(lease, advance, seq, ct).ConfigureAwait(false);
        }

        await WriteSubRowsAsync(lease, stored, subRows, replace: false, ct).ConfigureAwait(false);
        return stored;
    }

    /// <summary>
    /// Appends the INSERT's columns for <paramref name="row"/> (given fields, defaults, the owner, a Serial's next number;
    /// not <paramref name="skip"/>) to <paramref name="sql"/>, one parameter each; whether the key is among them.
    /// </summary>
    private async ValueTask<bool> AppendInsertColumnsAsync(ConnectionLease lease, JsonObject row, FieldDefinition? skip, SqlParameters ps,
        StringBuilder sql, CancellationToken ct)
    {
        foreach (var (key, _) in row)
        {
            Schema.GetField(key);
        }

        CheckOwnedInsert(row);
        var columnsStart = sql.Length;
        var hasKey = false;
        foreach (var f in Schema.Fields)
        {
            object? value;
            if (ReferenceEquals(f, skip))
            {
                continue;
            }
            else if (ReferenceEquals(f, _ownerField))
            {
                value = Owner!.OwnerId;
            }
            else if (f.DataType == DataType.Serial && !row.ContainsKey(f.Name))
            {
                value = await SerialNumbers.NextAsync(lease, _d, Schema, f, row, ct).ConfigureAwait(false);
            }
            else if (row.TryGetPropertyValue(f.Name, out var node))
            {
                value = ValueCodec.FromJson(f, RelationKey(f, node));
            }
            else if (f.Value is not null && !f.PrimaryKey)
            {
                value = ValueCodec.FromJson(f, f.Value);
            }
            else
            {
                continue;
            }

            if (f.PrimaryKey && value is null)
            {
                if (f.DataType == DataType.AutoInt)
                {
                    continue;
                }

                throw new InvalidValueException(f.Name, "the primary key is required");
            }
            if (sql.Length > columnsStart)
            {
                sql.Append(", ");
            }
            sql.Append(_d.Quote(f.Name));
            ps.Add(value, f);
            hasKey |= f.PrimaryKey;
        }

        return hasKey;
    }

    /// <summary>The row of a statement that returns the key only, read as one value: the general row reader writes
    /// and parses JSON text, several objects for one number.</summary>
    private async Task<JsonObject?> ReadKeyAsync(ConnectionLease lease, string sql, SqlParameters ps, CancellationToken ct)
    {
        await using var cmd = Command(lease, sql, ps);
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            return null;
        }

        var key = Schema.PrimaryKey;
        return new JsonObject { [key.Name] = reader.IsDBNull(0) ? null : ValueCodec.ToJson(key, reader.GetValue(0)) };
    }

    /// <summary>What a scoped insert may not do: create while owning nothing, name another owner, or choose an
    /// AutoInt key (a clash would tell that another owner's row has that key).</summary>
    private void CheckOwnedInsert(JsonObject row)
    {
        if (Owner is null || _ownerField is null)
        {
            return;
        }

        if (Owner.OwnerId is null)
        {
            throw new RowForbiddenException(_ownerField.Name, "rows of this model belong to a user; a caller without a user cannot create them");
        }

        if (row.TryGetPropertyValue(_ownerField.Name, out var node))
        {
            CheckOwnerValue(node);
        }

        if (Schema.PrimaryKey.DataType == DataType.AutoInt && row[Schema.PrimaryKey.Name] is not null)
        {
            throw new RowForbiddenException(Schema.PrimaryKey.Name, $"the key '{Schema.PrimaryKey.Name}' of a new row is assigned by the database; leave it out");
        }
    }

    private async Task<JsonObject?> UpdateOneAsync(ConnectionLease lease, object key, JsonObject data, CancellationToken ct)
    {
        var ps = Parameters();
        var pkField = Schema.PrimaryKey;
        if (data.TryGetPropertyValue(pkField.Name, out var pkNode) && !Equals(ValueCodec.FromJson(pkField, pkNode), key))
        {
            throw new InvalidValueException(pkField.Name, "the primary key cannot be changed");
        }

        var subRows = TakeSubRows(ref data);
        var set = SetClause(data, ps, allowKey: true);
        JsonObject? stored;
        if (set is null)
        {
            stored = await SelectByPkAsync(lease, key, ct).ConfigureAwait(false);
        }
        else
        {
            var sql = $"UPDATE {_table} SET {set}{PkWhere(key, ps)} RETURNING {_allColumns}";
            var rows = await ReadRowsAsync(lease, sql, ps, Schema.Fields, ct).ConfigureAwait(false);
            stored = rows.Count == 0 ? null : rows[0];
        }

        if (stored is not null)
        {
            await WriteSubRowsAsync(lease, stored, subRows, replace: true, ct).ConfigureAwait(false);
        }

        return stored;
    }

    private async Task<JsonObject?> SelectByPkAsync(ConnectionLease lease, object key, CancellationToken ct)
    {
        var ps = Parameters();
        var sql = $"SELECT {_allColumns} FROM {_table}{PkWhere(key, ps)}";
        var rows = await ReadRowsAsync(lease, sql, ps, Schema.Fields, ct).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>SET list, or null when there is nothing to set. The key column is skipped (callers check it).</summary>
    private string? SetClause(JsonObject data, SqlParameters ps, bool allowKey)
    {
        var sb = SqlText.Rent();
        foreach (var (key, node) in data)
        {
            if (IsListField(key))
            {
                // MultiRelateData is read-only (ignored so read rows write back); SubTable lists are written only by
                // the by-key and create paths, which take them out before this.
                if (Schema.FindListField(key)!.DataType == DataType.SubTable)
                {
                    throw new InvalidValueException(key, "SubTable rows are written by create, updateByPK and createOrUpdateMany, not by a filter update");
                }

                continue;
            }

            var f = Schema.GetField(key);
            if (f.PrimaryKey)
            {
                if (allowKey)
                {
                    continue;
                }

                throw new InvalidValueException(f.Name, "the primary key cannot be changed");
            }
            if (ReferenceEquals(f, _ownerField))
            {
                CheckOwnerValue(node);
            }

            if (sb.Length > 0)
            {
                sb.Append(", ");
            }

            sb.Append(_d.Quote(f.Name)).Append(" = ").Append(ps.Add(ValueCodec.FromJson(f, RelationKey(f, node)), f));
        }

        var empty = sb.Length == 0;
        var set = SqlText.Return(sb);
        return empty ? null : set;
    }

    /// <summary>
    /// The WHERE clause of <paramref name="filter"/> and the owner condition. With a <paramref name="joins"/> plan the
    /// condition uses its joined columns (the caller adds <see cref="JoinPlan.Joins"/> to FROM); without one, a filter
    /// with relation paths becomes <c>key IN (SELECT key FROM table LEFT JOIN ... WHERE ...)</c>, which UPDATE,
    /// DELETE and COUNT take on both databases.
    /// </summary>
    /// <param name="also">A further condition the caller wrote, ANDed to the others.</param>
    private string Where(Q? filter, SqlParameters ps, JoinPlan? joins = null, string? also = null)
    {
        string? condition = null;
        if (filter is not null && joins is null && JoinPlan.HasPath(Schema, filter))
        {
            var plan = new JoinPlan(Schema, _d, _related, qualified: true);
            var inner = FilterCompiler.Compile(filter, Schema, _d, ps, plan);
            condition = $"{_pkColumn} IN (SELECT {plan.Root(Schema.PrimaryKey)} FROM {_table}{plan.Joins} WHERE {inner})";
        }
        else if (filter is not null)
        {
            condition = FilterCompiler.Compile(filter, Schema, _d, ps, joins);
        }

        var owned = OwnerCondition(ps);
        var where = condition is null ? owned : owned is null ? condition : $"({condition}) AND {owned}";
        if (also is not null)
        {
            where = where is null ? also : $"({where}) AND {also}";
        }

        return where is null ? "" : " WHERE " + where;
    }

    private string PkWhere(object key, SqlParameters ps)
    {
        var where = $" WHERE {_pkColumn} = {ps.Add(key, Schema.PrimaryKey)}";
        return OwnerCondition(ps) is { } owned ? $"{where} AND {owned}" : where;
    }

    /// <summary>The owner condition of a scoped store, or null. Owning nothing matches nothing.</summary>
    private string? OwnerCondition(SqlParameters ps) => (Owner, _ownerField) switch
    {
        (null, _) or (_, null) => null,
        ({ OwnerId: null }, _) => "1=0",
        // Qualified: a query joining related models may have a column of the same name.
        ({ OwnerId: { } id }, { } field) => $"{_table}.{_d.Quote(field.Name)} = {ps.Add(id, field)}",
    };

    /// <summary>A scoped write may name the owner field only with its own owner.</summary>
    private void CheckOwnerValue(JsonNode? node)
    {
        if (Owner is null || _ownerField is null)
        {
            return;
        }

        if (Owner.OwnerId is null || !Equals(ValueCodec.FromJson(_ownerField, node), Owner.OwnerId))
        {
            throw new RowForbiddenException(_ownerField.Name, $"'{_ownerField.Name}' can only hold the caller's own user id");
        }
    }

    private string OrderClause(IReadOnlyList<OrderBy>? orderList, JoinPlan? joins = null)
    {
        var sb = SqlText.Rent().Append(" ORDER BY ");
        var hasPk = false;
        if (orderList is not null)
        {
            foreach (var o in orderList)
            {
                if (joins is not null)
                {
                    var (column, _) = joins.Resolve(o.Field, forFilter: false);
                    // Through a LEFT JOIN even a related key can be null: only our own key never is.
                    var ownKey = Schema.FindField(o.Field) is { PrimaryKey: true };
                    hasPk |= ownKey;
                    sb.Append(column).Append(o.Descending ? " DESC" : " ASC").Append(ownKey ? "" : _d.NullsOrder(o.Descending)).Append(", ");
                    continue;
                }

                var f = Schema.GetField(o.Field);
                hasPk |= f.PrimaryKey;
                sb.Append(_d.Quote(f.Name)).Append(o.Descending ? " DESC" : " ASC").Append(f.PrimaryKey ? "" : _d.NullsOrder(o.Descending)).Append(", ");
            }
        }
        if (hasPk && !_readOnly)
        {
            sb.Length -= 2;
        }
        else if (joins is null)
        {
            sb.Append(_keyOrder);
        }
        else
        {
            sb.Append(joins.Root(Schema.PrimaryKey)).Append(" ASC");
        }

        return SqlText.Return(sb);
    }

    /// <summary>A statement's parameters, starting with those of an aggregate's FROM subquery.</summary>
    private SqlParameters Parameters()
    {
        var ps = new SqlParameters(_d);
        foreach (var (value, field) in _seed)
        {
            ps.Add(value, field);
        }

        return ps;
    }

    private static string Paging(int? page, int? size, SqlParameters ps)
    {
        if (size is null)
        {
            if (page is not null && page != 1)
            {
                throw new InvalidValueException(null, "page needs a size");
            }

            return "";
        }
        if (size < 1)
        {
            throw new InvalidValueException(null, "size must be at least 1");
        }

        var p = page ?? 1;
        if (p < 1)
        {
            throw new InvalidValueException(null, "page is 1-based and must be at least 1");
        }

        return $" LIMIT {ps.Add((long)size.Value)} OFFSET {ps.Add(((long)p - 1) * size.Value)}";
    }

    private object KeyOf(JsonObject row) => ValueCodec.FromJson(Schema.PrimaryKey, row[Schema.PrimaryKey.Name])!;

    private object PkValue(JsonNode? pk)
        => ValueCodec.FromJson(Schema.PrimaryKey, pk) ?? throw new InvalidValueException(Schema.PrimaryKey.Name, "the primary key is required");

    private static void RequireFilter(Q filter)
    {
        if (filter is null)
        {
            throw new FilterException("a filter is required (use Q.And() to address every row)");
        }
    }

    internal static DbCommand Command(ConnectionLease lease, string sql, SqlParameters ps)
    {
        var cmd = lease.Command(sql);
        ps.ApplyTo(cmd);
        return cmd;
    }

    /// <summary>The rows a statement returns, each on its own (see <see cref="ReadRowArrayAsync"/>).</summary>
    private static async Task<List<JsonObject>> ReadRowsAsync(ConnectionLease lease, string sql, SqlParameters ps,
        IReadOnlyList<FieldDefinition> fields, CancellationToken ct)
        => JsonRowReader.Detach(await ReadRowArrayAsync(lease, sql, ps, fields, ct).ConfigureAwait(false));

    /// <summary>The rows a statement returns as one array, built as nodes only when touched (<see cref="JsonRowReader"/>).</summary>
    private static async Task<JsonArray> ReadRowArrayAsync(ConnectionLease lease, string sql, SqlParameters ps,
        IReadOnlyList<FieldDefinition> fields, CancellationToken ct)
    {
        if (lease.TryReadJsonRows(sql, ps, fields, ct) is { } rows)
        {
            return rows;
        }

        await using var cmd = Command(lease, sql, ps);
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await JsonRowReader.ReadAsync(reader, fields, ct).ConfigureAwait(false);
    }

    internal static async Task<int> ExecAsync(ConnectionLease lease, string sql, SqlParameters ps, CancellationToken ct)
    {
        await using var cmd = Command(lease, sql, ps);
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task<long> ScalarAsync(ConnectionLease lease, string sql, SqlParameters ps, CancellationToken ct)
    {
        await using var cmd = Command(lease, sql, ps);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }
}
