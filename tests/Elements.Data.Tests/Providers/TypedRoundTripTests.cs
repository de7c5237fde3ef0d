using System.Text.Json.Nodes;
using Elements.Data.Errors;
using Elements.Data.Filters;
using Elements.Data.Tests.Support;

namespace Elements.Data.Tests.Providers;

/// <summary>
/// Every data type's edge values through create, get, query and the typed (Dapper) query, which must all return
/// the same value. SQLite picks a storage class per value (NUMERIC affinity keeps 8.0 as INTEGER, 12.5 as REAL), so
/// each set mixes classes in one column and the typed read meets both.
/// </summary>
public abstract class TypedRoundTripTests(IDatabaseProvider provider) : ProviderTestBase(provider)
{
    private const string ValuesJson = """
        {
          "table": "typed_values",
          "fields": [
            {"name": "count", "dataType": "Integer"},
            {"name": "short", "dataType": "Stext", "maxLen": 12},
            {"name": "longText", "dataType": "Ltext"},
            {"name": "ratio", "dataType": "Numeric", "decimal": 3},
            {"name": "price", "dataType": "Money"},
            {"name": "score", "dataType": "Numeric"},
            {"name": "happenedAt", "dataType": "Datetime"},
            {"name": "day", "dataType": "Date"},
            {"name": "done", "dataType": "Checkbox"},
            {"name": "extra", "dataType": "JitDict"}
          ]
        }
        """;

    /// <summary>A typed view of <c>typed_values</c>; <c>Score</c> reads a Numeric column as double.</summary>
    public sealed class ValuesRow
    {
        public long Id { get; set; }

        public long? Count { get; set; }

        public string? Short { get; set; }

        public string? LongText { get; set; }

        public decimal? Ratio { get; set; }

        public decimal? Price { get; set; }

        public double? Score { get; set; }

        public DateTime? HappenedAt { get; set; }

        public DateOnly? Day { get; set; }

        public bool? Done { get; set; }

        public string? Extra { get; set; }
    }

    // JSON literals per field: min, max, zero, negative, fractional as the type allows, with storage classes mixed.
    public static TheoryData<string, string[]> Values => new()
    {
        { "count", ["-9223372036854775808", "9223372036854775807", "0", "-42", "7"] },
        { "ratio", ["12.5", "8", "-999999999999.999", "999999999999.999", "0", "-0.001", "0.125", "-3"] },
        { "price", ["8", "12.5", "-9999999999999.99", "9999999999999.99", "0", "-0.01", "0.1", "1234567.89"] },
        { "score", ["12.5", "8", "-0.01", "0", "1234567.89", "-8"] },
        { "short", ["\"\"", "\"x\"", "\"123456789012\"", "\"héllo 世界🎉\"", "\"0\""] },
        { "longText", ["\"\"", "\"line\\nbreak ☃\"", "\"-1\"", "\"12.5\""] },
        { "happenedAt", ["\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59.999999Z\"", "\"1970-01-01T00:00:00Z\"", "\"2026-11-25T10:00:00.5Z\""] },
        { "day", ["\"0001-01-01\"", "\"9999-12-31\"", "\"1970-01-01\"", "\"2024-02-29\""] },
        { "done", ["true", "false"] },
        { "extra", ["{}", "[]", "{\"a\": [1, \"x\", null], \"n\": -1.5}", "{\"big\": 9007199254740993}"] },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public async Task Values_agree_through_create_get_query_and_typed_query(string field, string[] literals)
        => await RoundTrip<ValuesRow>.AssertAsync(await StoreAsync(ValuesJson), field, literals, jsonText: field == "extra");

    [Fact]
    public async Task A_numeric_column_holding_whole_and_fractional_values_maps_to_decimal_and_double()
    {
        // The reported case: 12.5 then 8 in one Numeric column made Dapper fail with "Error parsing column".
        var store = await StoreAsync(ValuesJson);
        await store.CreateAsync(Obj("""{"price": 12.5, "score": 12.5}"""));
        await store.CreateAsync(Obj("""{"price": 8, "score": 8}"""));

        var rows = await store.QueryAsync<ValuesRow>(orderList: [OrderBy.Asc("id")]);

        Assert.Equal([12.5m, 8m], rows.Select(r => r.Price!.Value));
        Assert.Equal([12.5, 8.0], rows.Select(r => r.Score!.Value));
        Assert.Equal(8m, (await store.GetAsync<ValuesRow>(Q.Eq("price", 8)))!.Price);
    }

    /// <summary>Properties of other types than the fields' own, converted by Dapper.</summary>
    public sealed class OtherTypesRow
    {
        public int Count { get; set; }

        public double Price { get; set; }

        public DateTime Day { get; set; }

        public DateTimeOffset HappenedAt { get; set; }
    }

    [Fact]
    public async Task Typed_reads_convert_to_related_property_types()
    {
        var store = await StoreAsync(ValuesJson);
        await store.CreateAsync(Obj("""{"count": 7, "price": 12.5, "day": "2026-02-28", "happenedAt": "2026-11-25T10:00:00.25Z"}"""));
        await store.CreateAsync(Obj("""{"count": -1, "price": 8, "day": "1970-01-01", "happenedAt": "1970-01-01T00:00:00Z"}"""));

        var rows = await store.QueryAsync<OtherTypesRow>(orderList: [OrderBy.Asc("id")]);

        Assert.Equal([7, -1], rows.Select(r => r.Count));
        Assert.Equal([12.5, 8.0], rows.Select(r => r.Price));
        Assert.Equal([new DateTime(2026, 2, 28), new DateTime(1970, 1, 1)], rows.Select(r => r.Day));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 0, 0, 250, TimeSpan.Zero), rows[0].HappenedAt);
    }

    [Fact]
    public async Task Typed_reads_of_null_values_are_null()
    {
        var store = await StoreAsync(ValuesJson);
        await store.CreateAsync(new JsonObject());
        var row = Assert.Single(await store.QueryAsync<ValuesRow>());
        Assert.All(typeof(ValuesRow).GetProperties().Where(p => p.Name != "Id"), p => Assert.Null(p.GetValue(row)));
    }

    [Theory]
    [InlineData("""{"price": 12345678901234.56}""", "price")]
    [InlineData("""{"price": 99999999999999999}""", "price")]
    [InlineData("""{"ratio": 1234567890123456}""", "ratio")]
    [InlineData("""{"ratio": 1234567890123.456}""", "ratio")]
    [InlineData("""{"score": "-99999999999999.99"}""", "score")]
    public async Task Numbers_that_cannot_be_stored_exactly_are_refused_on_both_databases(string row, string field)
    {
        // Rounding to the declared places is the type's meaning; beyond that nothing may change silently.
        var store = await StoreAsync(ValuesJson);
        var ex = await Assert.ThrowsAsync<InvalidValueException>(() => store.CreateAsync(Obj(row)));
        Assert.Equal("DB_BAD_VALUE", ex.Code);
        Assert.Equal(field, ex.Field);
        Assert.Equal(0, await RawCountAsync("typed_values"));
    }

    [Fact]
    public async Task Filters_may_compare_with_numbers_beyond_what_a_column_stores()
    {
        var store = await StoreAsync(ValuesJson);
        await store.CreateAsync(Obj("""{"price": 8}"""));
        Assert.Single((await store.QueryAsync(Q.Field("price", "<", 1e20m))).RowDatas);
    }
}
