using System.Data.Common;
using System.Text.Json.Nodes;
using Elements.Data.Errors;
using Elements.Data.Filters;
using Elements.Data.Schema;
using Npgsql;

namespace Elements.Data.Storage;

/// <summary>An update that starts a row elsewhere for each row it changed, as one write.</summary>
public sealed partial class ModelStore
{
    /// <summary>
    /// Updates the rows matching <paramref name="filter"/> like <see cref="UpdateByFilterAsync{T}"/> and, for each row it
    /// updated, inserts <paramref name="row"/> into <paramref name="target"/> with <paramref name="copiedField"/> (a
    /// field of both models) set to that updated row's value: consume a code and start the session of its user, refresh
    /// a login binding and issue a code for its user. With <paramref name="referenced"/>, only rows whose
    /// <paramref name="copiedField"/> is the key of an existing row of that model are updated (as
    /// <see cref="InsertIfReferencedAsync"/> checks it). Returns the updated rows as <typeparamref name="T"/>; none
    /// when nothing matched, and then nothing was written.
    /// <para>
    /// Both writes happen or neither. On PostgreSQL they are one statement
    /// (<c>WITH updated AS (UPDATE … RETURNING …), inserted AS (INSERT … SELECT … FROM updated) SELECT … FROM updated</c>),
    /// one round trip where an UPDATE, an INSERT and their transaction's COMMIT are three. Elsewhere, and for a target
    /// row that needs more than one statement (Serial numbers, SubTable rows, an explicit AutoInt key), they run in one
    /// transaction. An ambient transaction is joined.
    /// </para>
    /// </summary>
    public Task<IReadOnlyList<T>> UpdateAndInsertAsync<T>(Q filter, JsonObject data, ModelStore target, JsonObject row, string copiedField,
        ModelStore? referenced = null, CancellationToken cancellationToken = default)
    {
        RequireFilter(filter);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(row);
        ArgumentException.ThrowIfNullOrWhiteSpace(copiedField);
        RequireSameDatabase(target, nameof(target));
        if (referenced is not null)
        {
            RequireSameDatabase(referenced, nameof(referenced));
        }

        target.RequireWritable();

        var source = Schema.GetField(copiedField);
        var copied = target.Schema.GetField(copiedField);
        if (row.ContainsKey(copiedField))
        {
            throw new ArgumentException($"'{copiedField}' of the new row is copied from the updated row; leave it out of the row", nameof(row));
        }

        if (!string.Equals(_d.ColumnType(source), _d.ColumnType(copied), StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"'{copiedField}' is {_d.ColumnType(source)} in '{Schema.Table}' but {_d.ColumnType(copied)} in '{target.Schema.Table}': it cannot be copied", nameof(copiedField));
        }

        var (columns, fields) = TypedColumns<T>();
        // The update also returns the copied field when T does not map it: after T's columns.
        var mapped = IndexOf(fields, source);
        var returnedColumns = mapped >= 0 ? columns : $"{columns}, {_d.Quote(source.Name)}";
        if (_d.InsertsFromUpdateInOneStatement && target.InsertsInOneStatement(row))
        {
            return RunAsync(LeaseKind.Statement, async lease =>
            {
                var ps = Parameters();
                var sql = SqlText.Rent()
                    .Append("WITH \"updated\" AS (").Append(GuardedUpdateSql(filter, data, source, referenced, ps))
                    .Append(" RETURNING ").Append(returnedColumns).Append("), \"inserted\" AS (INSERT INTO ").Append(target._table).Append(" (");
                var firstValue = ps.Count;
                var hasKey = await target.AppendInsertColumnsAsync(lease, row, skip: copied, ps, sql, ct: cancellationToken).ConfigureAwait(false);
                if (!hasKey && !copied.PrimaryKey && target.Schema.PrimaryKey.DataType != DataType.AutoInt)
                {
                    throw new InvalidValueException(target.Schema.PrimaryKey.Name, "the primary key is required");
                }

                sql.Append(ps.Count > firstValue ? ", " : "").Append(_d.Quote(copied.Name)).Append(") SELECT ");
                for (var i = firstValue; i < ps.Count; i++)
                {
                    sql.Append(_d.Placeholder(i)).Append(", ");
                }

                sql.Append("\"updated\".").Append(_d.Quote(source.Name)).Append(" FROM \"updated\") SELECT ").Append(columns).Append(" FROM \"updated\"");
                try
                {
                    return (IReadOnlyList<T>)await ReadTypedAsync<T>(lease, SqlText.Return(sql), ps, fields, int.MaxValue, cancellationToken).ConfigureAwait(false);
                }
                catch (PostgresException ex) when (ex.TableName == target.Schema.Table)
                {
                    lease.MarkFailed();
                    throw target.TranslateWriteError(ex, deletes: false, row);
                }
            }, cancellationToken, written: data);
        }

        return RunAsync(LeaseKind.Transaction, async lease =>
        {
            var ps = Parameters();
            var sql = $"{GuardedUpdateSql(filter, data, source, referenced, ps)} RETURNING {returnedColumns}";
            var copiedValues = new List<JsonNode?>();
            var ordinal = mapped >= 0 ? mapped : fields.Count;
            var updated = await ReadTypedAsync<T>(lease, sql, ps, mapped >= 0 ? fields : [.. fields, source], int.MaxValue, cancellationToken,
                reader => copiedValues.Add(reader.IsDBNull(ordinal) ? null : ValueCodec.ToJson(source, reader.GetValue(ordinal)))).ConfigureAwait(false);

            foreach (var value in copiedValues)
            {
                var insert = row.DeepClone().AsObject();
                insert[copiedField] = value;
                try
                {
                    await target.InsertRowAsync(lease, insert, keyOnly: true, cancellationToken).ConfigureAwait(false);
                }
                catch (DbException ex)
                {
                    lease.MarkFailed();
                    throw target.TranslateWriteError(ex, deletes: false, insert);
                }
            }

            return (IReadOnlyList<T>)updated;
        }, cancellationToken, written: data);
    }

    /// <summary>A row this store inserts with one statement and no work after it.</summary>
    private bool InsertsInOneStatement(JsonObject row) =>
        !Schema.HasSerialField && !WritesSubRows(row)
        && !(Schema.PrimaryKey.DataType == DataType.AutoInt && row[Schema.PrimaryKey.Name] is not null);

    private string GuardedUpdateSql(Q filter, JsonObject data, FieldDefinition field, ModelStore? referenced, SqlParameters ps) =>
        UpdateSql(filter, data, ps, referenced is null ? null
            : $"EXISTS (SELECT 1 FROM {referenced._table} AS \"referenced\" WHERE \"referenced\".{referenced._pkColumn} = {_table}.{_d.Quote(field.Name)})");

    private static int IndexOf(IReadOnlyList<FieldDefinition> fields, FieldDefinition field)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (ReferenceEquals(fields[i], field))
            {
                return i;
            }
        }

        return -1;
    }

    private void RequireSameDatabase(ModelStore other, string parameter)
    {
        if (!ReferenceEquals(other.Database, Database))
        {
            throw new ArgumentException($"'{other.Schema.Table}' is on another database than '{Schema.Table}': one write cannot cover both", parameter);
        }
    }
}
