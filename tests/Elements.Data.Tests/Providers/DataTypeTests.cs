using System.Text.Json.Nodes;
using Elements.Data.Errors;
using Elements.Data.Filters;
using Elements.Data.Tests.Support;

namespace Elements.Data.Tests.Providers;

public abstract class DataTypeTests(IDatabaseProvider provider) : ProviderTestBase(provider)
{
    private const string AllTypesJson = """
        {
          "table": "all_types",
          "fields": [
            {"name": "code", "dataType": "Stext", "maxLen": 20, "primaryKey": true},
            {"name": "short", "dataType": "Stext", "maxLen": 12},
            {"name": "longText", "dataType": "Ltext"},
            {"name": "count", "dataType": "Integer"},
            {"name": "ratio", "dataType": "Numeric", "decimal": 3},
            {"name": "price", "dataType": "Money"},
            {"name": "happenedAt", "dataType": "Datetime"},
            {"name": "day", "dataType": "Date"},
            {"name": "done", "dataType": "Checkbox"},
            {"name": "extra", "dataType": "JitDict"}
          ]
        }
        """;

    [Fact]
    public async Task Every_data_type_round_trips()
    {
        var store = await StoreAsync(AllTypesJson);
        var longText = string.Concat(Enumerable.Repeat("línea ☃ 🎉\n", 2000));
        var row = new JsonObject
        {
            ["code"] = "A-1",
            ["short"] = "héllo 世界🎉",
            ["longText"] = longText,
            ["count"] = 9007199254740993L,
            ["ratio"] = 3.14159m,
            ["price"] = 1234567.89m,
            ["happenedAt"] = "2026-11-25T10:00:00Z",
            ["day"] = "2026-02-28",
            ["done"] = true,
            ["extra"] = JsonNode.Parse("""{"a": 1, "b": [1, "two", null], "c": {"d": "x'\"y"}}"""),
        };
        var created = await store.CreateAsync(row);
        var got = await store.GetByPKAsync("A-1");
        foreach (var result in new[] { created, got! })
        {
            Assert.Equal("A-1", (string)result["code"]!);
            Assert.Equal("héllo 世界🎉", (string)result["short"]!);
            Assert.Equal(longText, (string)result["longText"]!);
            Assert.Equal(9007199254740993L, (long)result["count"]!);
            Assert.Equal(3.142m, (decimal)result["ratio"]!);
            Assert.Equal(1234567.89m, (decimal)result["price"]!);
            Assert.Equal("2026-11-25T10:00:00Z", (string)result["happenedAt"]!);
            Assert.Equal("2026-02-28", (string)result["day"]!);
            Assert.True((bool)result["done"]!);
            Assert.True(JsonNode.DeepEquals(row["extra"], result["extra"]));
        }
    }

    [Fact]
    public async Task Nulls_round_trip_for_every_nullable_type()
    {
        var store = await StoreAsync(AllTypesJson);
        var created = await store.CreateAsync(Obj("""
            {"code": "N", "short": null, "longText": null, "count": null, "ratio": null, "price": null,
             "happenedAt": null, "day": null, "done": null, "extra": null}
            """));
        foreach (var (key, value) in created)
        {
            if (key != "code")
            {
                Assert.Null(value);
            }
        }
        var got = await store.GetByPKAsync("N");
        Assert.Equal(10, got!.Count);
        Assert.Null(got["extra"]);
    }

    [Fact]
    public async Task Datetime_is_normalized_to_utc_with_microseconds()
    {
        var store = await StoreAsync(AllTypesJson);
        await store.CreateAsync(Obj("""{"code": "a", "happenedAt": "2026-11-25T12:30:00+02:00"}"""));
        await store.CreateAsync(Obj("""{"code": "b", "happenedAt": "2026-11-25T10:30:00.1234567Z"}"""));
        await store.CreateAsync(Obj("""{"code": "c", "happenedAt": "2026-11-25T10:30:00"}"""));
        Assert.Equal("2026-11-25T10:30:00Z", (string)(await store.GetByPKAsync("a"))!["happenedAt"]!);
        Assert.Equal("2026-11-25T10:30:00.123456Z", (string)(await store.GetByPKAsync("b"))!["happenedAt"]!);
        Assert.Equal("2026-11-25T10:30:00Z", (string)(await store.GetByPKAsync("c"))!["happenedAt"]!);
        // Ordering and comparison are by instant, not by text.
        var later = await store.QueryAsync(Q.Field("happenedAt", ">", "2026-11-25T11:30:00.1+01:00"));
        Assert.Equal(["b"], later.RowDatas.Select(r => (string)r!["code"]!));
    }

    [Fact]
    public async Task Numbers_dates_and_checkboxes_compare_by_value()
    {
        var store = await StoreAsync(AllTypesJson);
        await store.CreateAsync(Obj("""{"code": "a", "price": 9.5, "day": "2026-01-31", "done": false, "count": 10}"""));
        await store.CreateAsync(Obj("""{"code": "b", "price": 10.25, "day": "2026-02-01", "done": true, "count": 9}"""));
        Assert.Equal("b", (string)(await store.GetAsync(Q.Field("price", ">", 10)))!["code"]!);
        Assert.Equal("a", (string)(await store.GetAsync(Q.Field("count", ">", 9)))!["code"]!);
        Assert.Equal("b", (string)(await store.GetAsync(Q.Field("day", ">=", "2026-02-01")))!["code"]!);
        Assert.Equal("a", (string)(await store.GetAsync(Q.Eq("done", false)))!["code"]!);
        Assert.Equal("b", (string)(await store.GetAsync(Q.Eq("done", true)))!["code"]!);
    }

    [Fact]
    public async Task JitDict_equality_filters_work()
    {
        var store = await StoreAsync(AllTypesJson);
        await store.CreateAsync(Obj("""{"code": "a", "extra": {"k": 1}}"""));
        await store.CreateAsync(Obj("""{"code": "b", "extra": {"k": 2}}"""));
        var found = await store.GetAsync(Q.Eq("extra", JsonNode.Parse("""{"k": 2}""")));
        Assert.Equal("b", (string)found!["code"]!);
        var like = await store.QueryAsync(Q.Field("extra", "like", "2"));
        Assert.Equal(["b"], like.RowDatas.Select(r => (string)r!["code"]!));
    }

    [Theory]
    [InlineData("""{"code": "x", "short": "1234567890123"}""", "short")]
    [InlineData("""{"code": "x", "short": 5}""", "short")]
    [InlineData("""{"code": "x", "count": "abc"}""", "count")]
    [InlineData("""{"code": "x", "count": 1.5}""", "count")]
    [InlineData("""{"code": "x", "ratio": "lots"}""", "ratio")]
    [InlineData("""{"code": "x", "happenedAt": "yesterday"}""", "happenedAt")]
    [InlineData("""{"code": "x", "day": "2026-13-01"}""", "day")]
    [InlineData("""{"code": "x", "day": "2026-11-25T10:00:00Z"}""", "day")]
    [InlineData("""{"code": "x", "done": "yes"}""", "done")]
    [InlineData("""{"code": "x", "extra": "not json"}""", "extra")]
    [InlineData("""{"code": "x", "extra": 42}""", "extra")]
    [InlineData("""{"short": "no key"}""", "code")]
    public async Task Invalid_values_are_rejected_with_the_field_name_and_nothing_is_written(string row, string field)
    {
        var store = await StoreAsync(AllTypesJson);
        var ex = await Assert.ThrowsAsync<InvalidValueException>(() => store.CreateAsync(Obj(row)));
        Assert.Equal("DB_BAD_VALUE", ex.Code);
        Assert.Equal(field, ex.Field);
        Assert.Contains(field, ex.Message);
        Assert.Equal(0, await RawCountAsync("all_types"));
    }

    [Fact]
    public async Task Defaults_apply_when_a_field_is_omitted_but_not_when_null_is_given()
    {
        var people = await StoreAsync(PeopleJson);
        var a = await people.CreateAsync(Obj("""{"name": "A"}"""));
        var b = await people.CreateAsync(Obj("""{"name": "B", "status": null, "active": false}"""));
        Assert.Equal("new", (string)a["status"]!);
        Assert.True((bool)a["active"]!);
        Assert.Null(b["status"]);
        Assert.False((bool)b["active"]!);
    }
}
