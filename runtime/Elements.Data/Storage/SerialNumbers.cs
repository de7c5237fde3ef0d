using System.Globalization;
using System.Text.Json.Nodes;
using Elements.Data.Dialects;
using Elements.Data.Errors;
using Elements.Data.Schema;

namespace Elements.Data.Storage;

/// <summary>
/// Serial numbers (<see cref="DataType.Serial"/>): <c>&lt;prefix&gt;&lt;fieldId value&gt;&lt;connector&gt;&lt;UTC date&gt;&lt;counter&gt;</c>.
/// The counter of each distinct text before it lives in one row of <c>el_serial_counters</c>, advanced by a single
/// atomic upsert in the insert's transaction: concurrent creates queue on that row and each gets its own number, and
/// a rolled-back create gives its number back.
/// </summary>
internal static class SerialNumbers
{
    public const string CountersTable = "el_serial_counters";

    /// <summary>Created by schema sync for models with a Serial field; the key is table, field and the text before the counter.</summary>
    public static string CreateTableSql(SqlDialect d)
        => $"CREATE TABLE IF NOT EXISTS {d.Quote(CountersTable)} ({d.Quote("k")} VARCHAR(400) NOT NULL PRIMARY KEY, {d.Quote("n")} BIGINT NOT NULL)";

    public static async Task<string> NextAsync(ConnectionLease lease, SqlDialect d, ModelSchema schema, FieldDefinition field, JsonObject row, CancellationToken ct)
    {
        var format = field.EffectiveSerial;
        var source = "";
        if (format.FieldId is { } id)
        {
            var sourceField = schema.GetField(id);
            var node = row.TryGetPropertyValue(id, out var given) ? given : sourceField.Value;
            source = ValueCodec.FromJson(sourceField, node) switch
            {
                null => "",
                long l => l.ToString(CultureInfo.InvariantCulture),
                var v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
            };
        }

        var date = format.DateTimeFormat.Length == 0
            ? ""
            : DateTime.UtcNow.ToString(FieldParameters.DotNetDateFormat(format.DateTimeFormat), CultureInfo.InvariantCulture);
        var stem = format.Prefix + source + format.Connector + date;

        var ps = new SqlParameters(d);
        var counters = d.Quote(CountersTable);
        var sql = $"INSERT INTO {counters} ({d.Quote("k")}, {d.Quote("n")}) VALUES ({ps.Add($"{schema.Table}.{field.Name}\n{stem}")}, {ps.Add(format.StartNumber)}) "
            + $"ON CONFLICT ({d.Quote("k")}) DO UPDATE SET {d.Quote("n")} = {counters}.{d.Quote("n")} + 1 RETURNING {d.Quote("n")}";
        await using var command = lease.Connection.CreateCommand();
        command.Transaction = lease.Transaction;
        command.CommandText = sql;
        ps.ApplyTo(command);
        var n = Convert.ToInt64(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);

        var serial = stem + n.ToString(CultureInfo.InvariantCulture).PadLeft(format.IncNum, '0');
        return serial.Length <= field.EffectiveMaxLen
            ? serial
            : throw new InvalidValueException(field.Name, $"the serial number would be {serial.Length} characters, at most {field.EffectiveMaxLen} fit");
    }
}
