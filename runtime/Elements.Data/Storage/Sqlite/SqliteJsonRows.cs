using System.Text.Json;
using System.Text.Json.Nodes;
using CommunityToolkit.HighPerformance.Buffers;
using Elements.Data.Dialects;
using Elements.Data.Schema;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Elements.Data.Storage.Sqlite;

/// <summary>
/// Rows read as JSON straight from a native SQLite statement: the same rows <see cref="JsonRowReader"/> gives from a
/// <see cref="System.Data.Common.DbDataReader"/>, without the reader's cost per value. Microsoft.Data.Sqlite's
/// <c>GetValue</c> asks for a value's storage class twice and boxes it, and text is decoded to a string only to be
/// encoded back to UTF-8 for the JSON; that was most of what a query cost, for Dapper as much as for the model. Here
/// each value is one storage-class call and one value call, an integer stays unboxed and text goes from SQLite's UTF-8
/// to the JSON as bytes (<see cref="ValueCodec"/>'s overloads for those, which fall back to its general conversion for
/// any value that is not already its field's JSON form), so both paths give the same rows and the same errors.
/// </summary>
internal static class SqliteJsonRows
{
    // Checked between rows, like Microsoft.Data.Sqlite's reader checks between reads.
    private const int RowsPerCancellationCheck = 64;

    /// <summary>
    /// The rows of <paramref name="statement"/> run with <paramref name="parameters"/>; null when a parameter's value has
    /// no native binding here or SQLite was busy before the first row (the caller runs the command instead).
    /// </summary>
    public static JsonArray? Read(sqlite3 db, sqlite3_stmt statement, SqlParameters parameters, IReadOnlyList<FieldDefinition> fields, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (raw.sqlite3_column_count(statement) != fields.Count || raw.sqlite3_bind_parameter_count(statement) != parameters.Count)
        {
            return null;
        }

        try
        {
            if (!Bind(statement, parameters))
            {
                return null;
            }

            var names = JsonRowReader.Names(fields);

            using var text = new ArrayPoolBufferWriter<byte>(JsonRowReader.InitialBufferBytes);
            using (var writer = new Utf8JsonWriter(text, JsonRowReader.TextOptions))
            {
                writer.WriteStartArray();
                var rows = 0;
                int rc;
                while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
                {
                    if (++rows % RowsPerCancellationCheck == 0)
                    {
                        ct.ThrowIfCancellationRequested();
                    }

                    writer.WriteStartObject();
                    for (var i = 0; i < names.Length; i++)
                    {
                        writer.WritePropertyName(names[i]);
                        WriteValue(writer, statement, i, fields[i]);
                    }

                    writer.WriteEndObject();
                }

                if (rc != raw.SQLITE_DONE)
                {
                    // Busy before anything was read or written: the command's own retry loop takes over.
                    if (rows == 0 && (rc & 0xFF) is raw.SQLITE_BUSY or raw.SQLITE_LOCKED)
                    {
                        return null;
                    }

                    SqliteException.ThrowExceptionForRC(rc, db);
                }

                writer.WriteEndArray();
            }

            return JsonRowReader.Parse(text.WrittenSpan);
        }
        finally
        {
            raw.sqlite3_reset(statement);
            raw.sqlite3_clear_bindings(statement);
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, sqlite3_stmt statement, int i, FieldDefinition field)
    {
        switch (raw.sqlite3_column_type(statement, i))
        {
            case raw.SQLITE_NULL:
                writer.WriteNullValue();
                return;
            case raw.SQLITE_INTEGER:
                ValueCodec.WriteJson(writer, field, raw.sqlite3_column_int64(statement, i));
                return;
            case raw.SQLITE_FLOAT:
                ValueCodec.WriteJson(writer, field, raw.sqlite3_column_double(statement, i));
                return;
            case raw.SQLITE_TEXT:
                ValueCodec.WriteJsonFromUtf8(writer, field, raw.sqlite3_column_blob(statement, i));
                return;
            default:
                ValueCodec.WriteJson(writer, field, raw.sqlite3_column_blob(statement, i).ToArray());
                return;
        }
    }

    /// <summary>Binds each parameter as Microsoft.Data.Sqlite would; false for a value it binds in a way not mirrored here.</summary>
    private static bool Bind(sqlite3_stmt statement, SqlParameters parameters)
    {
        for (var p = 0; p < parameters.Count; p++)
        {
            var (placeholder, value) = parameters[p];
            var index = raw.sqlite3_bind_parameter_index(statement, placeholder);
            if (index == 0)
            {
                return false;
            }

            var rc = SqliteDialect.DbValue(value) switch
            {
                DBNull => raw.sqlite3_bind_null(statement, index),
                string s => raw.sqlite3_bind_text(statement, index, s),
                long l => raw.sqlite3_bind_int64(statement, index, l),
                int n => raw.sqlite3_bind_int64(statement, index, n),
                bool b => raw.sqlite3_bind_int64(statement, index, b ? 1 : 0),
                double d when !double.IsNaN(d) => raw.sqlite3_bind_double(statement, index, d),
                // An empty span has no address, and SQLite reads a BLOB without an address as NULL.
                byte[] { Length: 0 } => raw.sqlite3_bind_zeroblob(statement, index, 0),
                byte[] bytes => raw.sqlite3_bind_blob(statement, index, bytes),
                _ => -1,
            };
            if (rc != raw.SQLITE_OK)
            {
                return false;
            }
        }

        return true;
    }
}
