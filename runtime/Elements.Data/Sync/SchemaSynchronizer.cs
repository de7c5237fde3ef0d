using System.Data.Common;
using Elements.Data.Errors;
using Elements.Data.Schema;
using Elements.Data.Storage;

namespace Elements.Data.Sync;

/// <summary>
/// Additive schema sync in one write transaction: creates what is missing, never drops or alters, and reports what
/// it would not touch. Every statement uses IF NOT EXISTS so concurrent syncs of the same model are harmless.
/// </summary>
internal static class SchemaSynchronizer
{
    /// <param name="related">Resolves the models relation fields name (needed when the schema has any).</param>
    public static async Task<SchemaSyncResult> SyncAsync(Database db, ModelSchema schema, Func<string, ModelSchema>? related, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var addedColumns = new List<string>();
        var addedIndexes = new List<string>();
        var diagnostics = new List<SchemaDiagnostic>();
        bool created;

        await using var lease = await db.AcquireAsync(LeaseKind.Transaction, ct).ConfigureAwait(false);
        try
        {
            created = await SyncTableAsync(db, lease, schema, related, addedColumns, addedIndexes, diagnostics, ct).ConfigureAwait(false);
            if (schema.HasRelations)
            {
                // Tables of related models that are missing are created (their own reports are not ours to give).
                await ForeignKeys.EnsureAsync(db, lease, schema, related,
                    other => SyncTableAsync(db, lease, other, related, [], [], [], ct), [], addedIndexes, diagnostics, ct).ConfigureAwait(false);
            }


            if (schema.Fields.Any(f => f.DataType == DataType.Serial))
            {
                await ExecAsync(lease, SerialNumbers.CreateTableSql(db.Dialect), ct).ConfigureAwait(false);
            }
            await lease.CompleteAsync(ct).ConfigureAwait(false);
        }
        catch (DbException ex)
        {
            lease.MarkFailed();
            throw new SchemaException($"Schema sync of '{schema.Table}' failed: {db.Translate(ex, null).Message}");
        }
        return new SchemaSyncResult(schema.Table, created, addedColumns, addedIndexes, diagnostics);
    }

    /// <summary>Creates the table or its missing columns, then its missing indexes; true when the table was created.</summary>
    private static async Task<bool> SyncTableAsync(Database db, ConnectionLease lease, ModelSchema schema, Func<string, ModelSchema>? related,
        List<string> addedColumns, List<string> addedIndexes, List<SchemaDiagnostic> diagnostics, CancellationToken ct)
    {
        var d = db.Dialect;
        var table = d.Quote(schema.Table);
        bool created;
        var columns = await d.GetColumnsAsync(lease.Connection, lease.Transaction, schema.Table, ct).ConfigureAwait(false);
        created = columns.Count == 0;
        if (created)
        {
            var defs = schema.Fields.Select(f => f.PrimaryKey ? d.PrimaryKeyDefinition(f)
                : $"{d.Quote(f.Name)} {d.ColumnType(f)}{ForeignKeys.ColumnClause(d, schema, f, related)}");
            await ExecAsync(lease, $"CREATE TABLE IF NOT EXISTS {table} ({string.Join(", ", defs)})", ct).ConfigureAwait(false);
        }
        else
        {
            foreach (var f in schema.Fields)
            {
                var expected = d.ColumnType(f);
                if (!columns.TryGetValue(f.Name, out var actual))
                {
                    if (f.PrimaryKey)
                    {
                        diagnostics.Add(new SchemaDiagnostic("MISSING_PRIMARY_KEY", schema.Table, f.Name,
                            $"Table '{schema.Table}' exists without primary key column '{f.Name}'; a key column cannot be added to an existing table.", expected));
                        continue;
                    }
                    await ExecAsync(lease, $"ALTER TABLE {table} ADD COLUMN {d.Quote(f.Name)} {expected}{ForeignKeys.ColumnClause(d, schema, f, related)}", ct)
                        .ConfigureAwait(false);
                    addedColumns.Add(f.Name);
                }
                else if (!d.SameType(expected, actual))
                {
                    diagnostics.Add(new SchemaDiagnostic("TYPE_DRIFT", schema.Table, f.Name,
                        $"Column '{schema.Table}.{f.Name}' is {actual} but the model declares {f.DataType} ({expected}); it was left unchanged.", expected, actual));
                }
            }
            foreach (var extra in columns.Keys.Where(c => schema.Fields.All(f => !string.Equals(f.Name, c, StringComparison.OrdinalIgnoreCase))))
            {
                diagnostics.Add(new SchemaDiagnostic("EXTRA_COLUMN", schema.Table, extra,
                    $"Column '{schema.Table}.{extra}' is not in the model; it was kept (sync never drops)."));
            }
        }

        var indexes = await d.GetIndexNamesAsync(lease.Connection, lease.Transaction, schema.Table, ct).ConfigureAwait(false);
        foreach (var (name, cols, unique) in SchemaIndexes.Of(schema))
        {
            if (indexes.Contains(name))
            {
                continue;
            }

            var sql = $"CREATE {(unique ? "UNIQUE " : "")}INDEX IF NOT EXISTS {d.Quote(name)} ON {table} ({string.Join(", ", cols.Select(d.Quote))})";
            if (!unique)
            {
                await ExecAsync(lease, sql, ct).ConfigureAwait(false);
                addedIndexes.Add(name);
                continue;
            }
            // Existing duplicates make a unique index fail; a savepoint keeps the rest of the sync alive.
            await ExecAsync(lease, "SAVEPOINT elements_sync_unique", ct).ConfigureAwait(false);
            try
            {
                await ExecAsync(lease, sql, ct).ConfigureAwait(false);
                await ExecAsync(lease, "RELEASE SAVEPOINT elements_sync_unique", ct).ConfigureAwait(false);
                addedIndexes.Add(name);
            }
            catch (DbException ex)
            {
                await ExecAsync(lease, "ROLLBACK TO SAVEPOINT elements_sync_unique", ct).ConfigureAwait(false);
                await ExecAsync(lease, "RELEASE SAVEPOINT elements_sync_unique", ct).ConfigureAwait(false);
                diagnostics.Add(new SchemaDiagnostic("UNIQUE_FAILED", schema.Table, string.Join(",", cols),
                    $"Unique index '{name}' on ({string.Join(", ", cols)}) could not be created: {db.Translate(ex, null).Message}"));
            }
        }
        return created;
    }

    private static async Task ExecAsync(ConnectionLease lease, string sql, CancellationToken ct)
    {
        await using var cmd = lease.Connection.CreateCommand();
        cmd.Transaction = lease.Transaction;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
