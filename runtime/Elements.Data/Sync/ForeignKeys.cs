using System.Data.Common;
using Elements.Data.Dialects;
using Elements.Data.Schema;
using Elements.Data.Storage;

namespace Elements.Data.Sync;

/// <summary>
/// The foreign keys of RelateData fields. SQLite can only declare them with the column (REFERENCES in CREATE TABLE /
/// ADD COLUMN: see <see cref="ColumnClause"/>); PostgreSQL adds them with ALTER TABLE ... ADD CONSTRAINT once both
/// tables exist. A sync first creates the tables of the models it relates to (and of its SubTable/MultiRelateData
/// children) when they are missing, so two models that relate to each other get both keys from whichever syncs first.
/// </summary>
internal static class ForeignKeys
{
    /// <summary>Constraint name of a field's foreign key (PostgreSQL reports it in violations).</summary>
    public static string Name(string table, string field) => SqlDialect.IndexName("fk", table, [field]);

    /// <summary>The REFERENCES clause SQLite declares with the column; empty elsewhere and for non-relation fields.</summary>
    public static string ColumnClause(SqlDialect d, ModelSchema schema, FieldDefinition field, Func<string, ModelSchema>? related)
    {
        if (field.DataType != DataType.RelateData || d is not SqliteDialect)
        {
            return "";
        }

        var (target, key) = RelatedModels.Target(schema, field, related);
        return $" REFERENCES {d.Quote(target.Table)} ({d.Quote(key.Name)}) ON DELETE {Action(field)}";
    }

    /// <summary>
    /// Creates the missing tables of every model reachable through relations from <paramref name="schema"/> and, on
    /// PostgreSQL, the missing foreign keys of all of them whose targets exist. Failures (rows that break a new key)
    /// become diagnostics; a savepoint keeps the rest of the sync.
    /// </summary>
    public static async Task EnsureAsync(Database db, ConnectionLease lease, ModelSchema schema, Func<string, ModelSchema>? related,
        Func<ModelSchema, Task> createTable, HashSet<string> visited, List<string> added, List<SchemaDiagnostic> diagnostics, CancellationToken ct)
    {
        visited.Add(schema.Table);
        var d = db.Dialect;
        var others = new List<ModelSchema>();
        foreach (var f in schema.Fields.Where(f => f.DataType == DataType.RelateData))
        {
            others.Add(RelatedModels.Target(schema, f, related).Target);
        }

        foreach (var f in schema.ListFields)
        {
            others.Add(RelatedModels.Children(schema, f, related).Child);
        }

        foreach (var other in others)
        {
            if (!visited.Add(other.Table))
            {
                continue;
            }

            if ((await d.GetColumnsAsync(lease.Connection, lease.Transaction, other.Table, ct).ConfigureAwait(false)).Count == 0)
            {
                await createTable(other).ConfigureAwait(false);
            }

            await EnsureAsync(db, lease, other, related, createTable, visited, added, diagnostics, ct).ConfigureAwait(false);
        }

        if (d is SqliteDialect)
        {
            await CheckSqliteAsync(lease, schema, diagnostics, ct).ConfigureAwait(false);
            return;
        }

        var existing = await PostgresNamesAsync(lease, schema.Table, ct).ConfigureAwait(false);
        foreach (var f in schema.Fields.Where(f => f.DataType == DataType.RelateData))
        {
            var name = Name(schema.Table, f.Name);
            var (target, key) = RelatedModels.Target(schema, f, related);
            if (existing.Contains(name)
                || (await d.GetColumnsAsync(lease.Connection, lease.Transaction, target.Table, ct).ConfigureAwait(false)).Count == 0)
            {
                continue;
            }

            var sql = $"ALTER TABLE {d.Quote(schema.Table)} ADD CONSTRAINT {d.Quote(name)} FOREIGN KEY ({d.Quote(f.Name)}) "
                + $"REFERENCES {d.Quote(target.Table)} ({d.Quote(key.Name)}) ON DELETE {Action(f)}";
            await ExecAsync(lease, "SAVEPOINT elements_sync_fk", ct).ConfigureAwait(false);
            try
            {
                await ExecAsync(lease, sql, ct).ConfigureAwait(false);
                await ExecAsync(lease, "RELEASE SAVEPOINT elements_sync_fk", ct).ConfigureAwait(false);
                added.Add(name);
            }
            catch (DbException ex)
            {
                await ExecAsync(lease, "ROLLBACK TO SAVEPOINT elements_sync_fk", ct).ConfigureAwait(false);
                await ExecAsync(lease, "RELEASE SAVEPOINT elements_sync_fk", ct).ConfigureAwait(false);
                diagnostics.Add(new SchemaDiagnostic("FOREIGN_KEY_FAILED", schema.Table, f.Name,
                    $"Foreign key '{name}' ({schema.Table}.{f.Name} -> {target.Table}.{key.Name}) could not be created: {db.Translate(ex, null).Message}"));
            }
        }
    }

    private static string Action(FieldDefinition field) => field.Relation!.OnDelete switch
    {
        RelationDeleteAction.Cascade => "CASCADE",
        RelationDeleteAction.SetNull => "SET NULL",
        _ => "RESTRICT",
    };

    // SQLite cannot add a foreign key to an existing column: say so rather than pretend.
    private static async Task CheckSqliteAsync(ConnectionLease lease, ModelSchema schema, List<SchemaDiagnostic> diagnostics, CancellationToken ct)
    {
        var relations = schema.Fields.Where(f => f.DataType == DataType.RelateData).ToList();
        if (relations.Count == 0)
        {
            return;
        }

        await using var cmd = lease.Connection.CreateCommand();
        cmd.Transaction = lease.Transaction;
        cmd.CommandText = "SELECT \"from\" FROM pragma_foreign_key_list(@t)";
        var p = cmd.CreateParameter();
        p.ParameterName = "@t";
        p.Value = schema.Table;
        cmd.Parameters.Add(p);
        var columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using (var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                columns.Add(reader.GetString(0));
            }
        }

        foreach (var f in relations.Where(f => !columns.Contains(f.Name)))
        {
            diagnostics.Add(new SchemaDiagnostic("FOREIGN_KEY_MISSING", schema.Table, f.Name,
                $"Column '{schema.Table}.{f.Name}' existed before it was a RelateData field; SQLite cannot add a foreign key to an existing column, so its references are not enforced."));
        }
    }

    private static async Task<HashSet<string>> PostgresNamesAsync(ConnectionLease lease, string table, CancellationToken ct)
    {
        await using var cmd = lease.Connection.CreateCommand();
        cmd.Transaction = lease.Transaction;
        cmd.CommandText = """
            SELECT con.conname::text FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE con.contype = 'f' AND n.nspname = current_schema() AND c.relname = @t
            """;
        var p = cmd.CreateParameter();
        p.ParameterName = "t";
        p.Value = table;
        cmd.Parameters.Add(p);
        var names = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static async Task ExecAsync(ConnectionLease lease, string sql, CancellationToken ct)
    {
        await using var cmd = lease.Connection.CreateCommand();
        cmd.Transaction = lease.Transaction;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
