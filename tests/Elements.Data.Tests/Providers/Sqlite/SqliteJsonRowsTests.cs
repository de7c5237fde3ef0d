using System.Data.Common;
using System.Text.Json.Nodes;
using Elements.Data.Schema;
using Elements.Data.Storage;
using Elements.Data.Tests.Support;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Elements.Data.Tests.Providers.Sqlite;

/// <summary>
/// SQLite rows read as JSON straight from the native statement (<c>SqliteJsonRows</c>) are the rows the data reader
/// gives (<c>JsonRowReader</c> over Microsoft.Data.Sqlite): the same JSON for every data type and for values stored
/// by something else than the data layer, the same error for a value neither can read, parameters bound alike, and a
/// fallback to the command where the native path does not bind a value the same way.
/// </summary>
public sealed class SqliteJsonRowsTests() : ProviderTestBase(new SqliteProvider())
{
    private const string Table = "native_rows";

    private const string TypesJson = $$"""
        {"table": "{{Table}}", "fields": [
          {"name": "id", "dataType": "AutoInt", "primaryKey": true},
          {"name": "s", "dataType": "Stext"},
          {"name": "l", "dataType": "Ltext"},
          {"name": "i", "dataType": "Integer"},
          {"name": "n", "dataType": "Numeric", "decimal": 2},
          {"name": "m", "dataType": "Money"},
          {"name": "pct", "dataType": "Percent"},
          {"name": "dt", "dataType": "Datetime"},
          {"name": "d", "dataType": "Date"},
          {"name": "t", "dataType": "Time"},
          {"name": "c", "dataType": "Checkbox"},
          {"name": "phone", "dataType": "Phone"},
          {"name": "radio", "dataType": "Radio", "options": [{"value": "open"}, {"value": "closed"}]},
          {"name": "tags", "dataType": "MultiRadio", "options": [{"value": "a"}, {"value": "b"}]},
          {"name": "extra", "dataType": "JitDict"}]}
        """;

    private static readonly string[] Created =
    [
        """{"s": "Xi'an 西安 \"quoted\" \\ back\tslash \u0001 ctl 😀", "l": "line one\nline two </script>", "i": -9007199254740993, "n": -12.5, "m": 0.1, "pct": 12.5, "dt": "2026-03-04T05:06:07.120300Z", "d": "2026-02-28", "t": "23:59:58", "c": true, "phone": "13800138000", "radio": "open", "tags": ["a", "b"], "extra": {"k": [1, "two", null]}}""",
        """{"s": "", "l": "", "i": 0, "n": 0, "m": 1234567890123.45, "pct": 0.0001, "dt": "2026-03-04T05:06:07Z", "d": "0001-01-01", "c": false}""",
        """{"i": 9223372036854775807, "n": 99999999.99, "dt": "1999-12-31T23:59:59.999999Z"}""",
        "{}",
    ];

    // Values the data layer never writes but SQLite holds when something else wrote them: each reads alike both ways.
    private static readonly string[] WrittenByHand =
    [
        "n = 12.345", // more decimals than the field keeps: rounded on read
        "n = 1e20, m = -1e19", // REAL beyond a 64-bit integer
        "n = '7.5'", // numeric text, stored as REAL by the column's affinity
        "i = 3.0", // an integral REAL, stored as INTEGER by the affinity
        "c = 2, i = '42'", // a Checkbox of 2; numeric text in an INTEGER column
        "c = 0.5", // a REAL in a Checkbox
        "dt = '2026-01-02T03:04:05+08:00'", // an instant in another layout
        "dt = '2026-01-02 03:04:05.000000'", // the stored layout without a fraction
        "s = CAST(x'C328' AS TEXT), l = CAST(x'E29C' AS TEXT)", // invalid UTF-8
        "l = x'0102'", // a BLOB in a text column
        "s = 12", // a number in a text column (stored as text by the affinity)
    ];

    // Values neither path can read: each must fail alike.
    private static readonly string[] Unreadable =
    [
        "i = 2.5",
        "i = 'abc'",
        "n = 'abc'",
        "dt = '2026-13-45 00:00:00.000000'",
        "dt = 'not a time'",
    ];

    [Fact]
    public async Task Every_row_reads_alike_natively_and_through_the_data_reader()
    {
        var store = await StoreAsync(TypesJson);
        foreach (var row in Created)
        {
            await store.CreateAsync(Obj(row));
        }

        foreach (var set in WrittenByHand.Concat(Unreadable))
        {
            await RawExecAsync($"INSERT INTO \"{Table}\" DEFAULT VALUES");
            await RawExecAsync($"UPDATE \"{Table}\" SET {set} WHERE id = (SELECT MAX(id) FROM \"{Table}\")");
        }

        var readable = Created.Length + WrittenByHand.Length;
        var all = await BothAsync(store.Schema.Fields, $"SELECT {Columns(store.Schema)} FROM \"{Table}\" WHERE id <= @p0 ORDER BY id", readable);
        Assert.Equal(readable, ((JsonArray)all!).Count);

        for (var id = 1; id <= readable + Unreadable.Length; id++)
        {
            var one = await BothAsync(store.Schema.Fields, $"SELECT {Columns(store.Schema)} FROM \"{Table}\" WHERE id = @p0", id);
            Assert.Equal(id <= readable, one is JsonArray);
        }
    }

    [Fact]
    public async Task Parameters_bind_natively_as_the_command_binds_them()
    {
        var store = await StoreAsync(TypesJson);
        await store.CreateAsync(Obj(Created[0]));
        await store.CreateAsync(Obj(Created[1]));
        var fields = store.Schema.Fields;
        var select = $"SELECT {Columns(store.Schema)} FROM \"{Table}\"";

        (string Where, object? Value)[] cases =
        [
            ("s = @p0", "Xi'an 西安 \"quoted\" \\ back\tslash \u0001 ctl 😀"),
            ("i = @p0", -9007199254740993L),
            ("i = @p0", 0),
            ("c = @p0", true),
            ("n = @p0", -12.5),
            ("m = @p0", 1234567890123.45m),
            ("dt = @p0", new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc)),
            ("d = @p0", new DateOnly(2026, 2, 28)),
            ("t = @p0", new TimeOnly(23, 59, 58)),
            ("extra = @p0", new JsonText("""{"k":[1,"two",null]}""")),
            ("t IS @p0", null),
            ("CAST(s AS BLOB) = @p0", ""u8.ToArray()),
        ];
        foreach (var (where, value) in cases)
        {
            var rows = await BothAsync(fields, $"{select} WHERE {where}", value);
            Assert.True(rows is JsonArray { Count: 1 }, $"{where} with {value}: {rows}");
        }

        // A value whose binding is not mirrored natively (Microsoft.Data.Sqlite binds a Guid as a BLOB) takes the command.
        await using var lease = await RentAsync();
        Assert.Null(Db.TryReadJsonRows(lease.Connection, $"{select} WHERE s = @p0", Parameters(Guid.NewGuid()), fields, default));
    }

    [Fact]
    public async Task A_cancelled_read_throws_and_leaves_its_statement_usable()
    {
        var store = await StoreAsync(TypesJson);
        await store.CreateAsync(Obj(Created[0]));
        var sql = $"SELECT {Columns(store.Schema)} FROM \"{Table}\" WHERE id = @p0";
        await using var lease = await RentAsync();

        Assert.Throws<OperationCanceledException>(() => Db.TryReadJsonRows(lease.Connection, sql, Parameters(1L), store.Schema.Fields, new CancellationToken(canceled: true)));

        var rows = Db.TryReadJsonRows(lease.Connection, sql, Parameters(1L), store.Schema.Fields, default);
        Assert.Equal("open", (string?)rows![0]!["radio"]);
    }

    [Fact]
    public async Task Native_statements_are_finalized_with_their_connection_cache()
    {
        var store = await StoreAsync(TypesJson);
        await using var lease = await RentAsync();
        var statements = ((SqliteDatabase)Db).Pool.StatementsOf((SqliteConnection)lease.Connection)!;
        var before = statements.Count;

        Assert.NotNull(Db.TryReadJsonRows(lease.Connection, $"SELECT {Columns(store.Schema)} FROM \"{Table}\"", Parameters(), store.Schema.Fields, default));
        Assert.Equal(before + 1, statements.Count);

        statements.Clear();
        Assert.Equal(0, statements.Count);
        Assert.Null(raw.sqlite3_next_stmt(((SqliteConnection)lease.Connection).Handle, null));
    }

    /// <summary>
    /// The rows of <paramref name="sql"/> read natively on a pooled connection and through a data reader on a plain
    /// one: equal JSON, or the same exception. Returns the rows, or the exception.
    /// </summary>
    private async Task<object> BothAsync(IReadOnlyList<FieldDefinition> fields, string sql, object? parameter)
    {
        object viaReader;
        try
        {
            await using var plain = await Db.OpenConnectionAsync();
            await using var command = plain.CreateCommand();
            command.CommandText = sql;
            Parameters(parameter).ApplyTo(command);
            await using var reader = await command.ExecuteReaderAsync();
            viaReader = await JsonRowReader.ReadAsync(reader, fields, default);
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            viaReader = ex;
        }

        object native;
        await using (var lease = await RentAsync())
        {
            try
            {
                native = Db.TryReadJsonRows(lease.Connection, sql, Parameters(parameter), fields, default)
                    ?? throw new Xunit.Sdk.XunitException($"the native path declined {sql}");
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                native = ex;
            }
        }

        if (viaReader is Exception expected)
        {
            var actual = Assert.IsAssignableFrom<Exception>(native);
            Assert.Equal(expected.GetType(), actual.GetType());
            Assert.Equal(expected.Message, actual.Message);
        }
        else
        {
            Assert.Equal(((JsonArray)viaReader).ToJsonString(), Assert.IsType<JsonArray>(native).ToJsonString());
        }

        return native;
    }

    private async Task<Lease> RentAsync() => new(Db, await Db.RentConnectionAsync(default));

    private SqlParameters Parameters(params object?[] values)
    {
        var parameters = new SqlParameters(Elements.Data.Dialects.SqliteDialect.Instance);
        foreach (var value in values)
        {
            parameters.Add(value);
        }

        return parameters;
    }

    private static string Columns(ModelSchema schema) => string.Join(", ", schema.Fields.Select(f => $"\"{f.Name}\""));

    private sealed class Lease(Database db, DbConnection connection) : IAsyncDisposable
    {
        public DbConnection Connection => connection;

        public ValueTask DisposeAsync() => db.ReturnConnectionAsync(connection);
    }
}
