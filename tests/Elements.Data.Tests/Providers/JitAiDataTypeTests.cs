using System.Globalization;
using System.Text.Json.Nodes;
using Elements.Data.Errors;
using Elements.Data.Filters;
using Elements.Data.Tests.Support;

namespace Elements.Data.Tests.Providers;

/// <summary>
/// The JitAi data types beyond the first ten (Percent, Time, Phone, Serial, the choice types, Address, File, Image):
/// values round-trip identically through create, get, query and typed query on both databases, values outside a
/// type's rules are refused with DB_BAD_VALUE naming the field, Serial numbers stay unique under parallel creates,
/// and the address operators select exactly the rows they should.
/// </summary>
public abstract class JitAiDataTypeTests(IDatabaseProvider provider) : ProviderTestBase(provider)
{
    private const string TypesJson = """
        {
          "table": "jit_types",
          "fields": [
            {"name": "code", "dataType": "Stext", "maxLen": 10},
            {"name": "rate", "dataType": "Percent"},
            {"name": "opensAt", "dataType": "Time"},
            {"name": "mobile", "dataType": "Phone"},
            {"name": "tel", "dataType": "Phone", "rules": "tel"},
            {"name": "anyPhone", "dataType": "Phone", "rules": "mobileOrTel"},
            {"name": "shortPhone", "dataType": "Phone", "rules": "eight"},
            {"name": "orderNo", "dataType": "Serial", "prefix": "SO", "fieldId": "code", "connector": "-", "dateTimeFormat": "YYYYMMDD", "incNum": 4},
            {"name": "status", "dataType": "Radio", "options": [{"label": "Open", "value": "open"}, {"label": "Closed", "value": "closed"}]},
            {"name": "color", "dataType": "Dropdown", "options": [{"value": "red"}], "allowManualInput": true},
            {"name": "tags", "dataType": "MultiRadio", "options": [{"value": "a"}, {"value": "b"}, {"value": "c"}], "maxCount": 2},
            {"name": "sizes", "dataType": "MultiDropdown", "options": [{"value": "S"}, {"value": "M"}, {"value": "L"}], "maxCount": 1, "limit": true},
            {"name": "address", "dataType": "Address"},
            {"name": "files", "dataType": "File", "maxCount": 2, "maxSize": 1},
            {"name": "photos", "dataType": "Image"}
          ]
        }
        """;

    /// <summary>Typed view: Percent as decimal, Time as TimeOnly, the JSON types as their JSON text.</summary>
    public sealed class TypesRow
    {
        public long Id { get; set; }

        public string? Code { get; set; }

        public decimal? Rate { get; set; }

        public TimeOnly? OpensAt { get; set; }

        public string? Mobile { get; set; }

        public string? Tel { get; set; }

        public string? AnyPhone { get; set; }

        public string? ShortPhone { get; set; }

        public string? OrderNo { get; set; }

        public string? Status { get; set; }

        public string? Color { get; set; }

        public string? Tags { get; set; }

        public string? Sizes { get; set; }

        public string? Address { get; set; }

        public string? Files { get; set; }

        public string? Photos { get; set; }
    }

    private static readonly HashSet<string> JsonFields = ["tags", "sizes", "address", "files", "photos"];

    public static TheoryData<string, string[]> Values => new()
    {
        // Percent keeps decimal + 2 = 4 places of the ratio: 12.5 % is 0.125; 15 significant digits at most.
        { "rate", ["0", "1", "-1", "0.125", "0.0001", "-0.0001", "12.5", "99999999999.9999", "-99999999999.9999"] },
        { "opensAt", ["\"00:00:00\"", "\"23:59:59\"", "\"12:30:00\"", "\"09:05:01\""] },
        { "mobile", ["\"13800138000\"", "\"00000000000\""] },
        { "tel", ["\"010-12345678\"", "\"0755-1234567-89\"", "\"12345678\"", "\"07551234567\""] },
        { "anyPhone", ["\"13800138000\"", "\"021-87654321\""] },
        { "shortPhone", ["\"12345678\"", "\"12345678901\""] },
        { "status", ["\"open\"", "\"closed\""] },
        { "color", ["\"red\"", "\"anything ☃ 🎉\""] },
        { "tags", ["[]", "[\"a\"]", "[\"c\", \"a\"]"] },
        { "sizes", ["[\"M\"]", "[]"] },
        {
            "address",
            [
                """{"province": "广东省", "city": "深圳市", "district": "南山区", "detail": "科技园 1 号 'x\"y"}""",
                """{"province": "北京市"}""", "{}", """{"province": "", "city": null}""",
            ]
        },
        {
            "files",
            [
                "[]",
                """[{"name": "a.pdf", "url": "https://files.example/a.pdf", "size": 0, "type": "application/pdf"}, {"name": "b", "url": "/files/b", "size": 1048576}]""",
            ]
        },
        { "photos", ["""[{"name": "p.png", "url": "/img/p.png", "size": 12, "type": "image/png"}]"""] },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public async Task Values_agree_through_create_get_query_and_typed_query(string field, string[] literals)
        => await RoundTrip<TypesRow>.AssertAsync(await StoreAsync(TypesJson), field, literals, jsonText: JsonFields.Contains(field));

    [Fact]
    public async Task Rows_read_the_same_text_on_both_databases()
    {
        // jsonb sorts object keys; rows give them in the documented order on both databases.
        var store = await StoreAsync(TypesJson);
        var created = await store.CreateAsync(Obj("""
            {"address": {"detail": "d", "district": "南山区", "city": "深圳市", "province": "广东省"},
             "files": [{"type": "text/plain", "size": 3, "url": "/f", "name": "f.txt"}], "opensAt": "08:05", "rate": 0.12345}
            """));
        var got = await store.GetByPKAsync((long)created["id"]!);
        foreach (var row in new[] { created, got! })
        {
            Assert.Equal(["province", "city", "district", "detail"], row["address"]!.AsObject().Select(p => p.Key));
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"province":"广东省","city":"深圳市","district":"南山区","detail":"d"}"""), row["address"]));
            Assert.Equal("""[{"name":"f.txt","url":"/f","size":3,"type":"text/plain"}]""", row["files"]!.ToJsonString());
            Assert.Equal("08:05:00", (string)row["opensAt"]!);
            Assert.Equal(0.1235m, (decimal)row["rate"]!);
        }
    }

    [Theory]
    [InlineData("""{"rate": "lots"}""", "rate")]
    [InlineData("""{"rate": 1e15}""", "rate")]
    [InlineData("""{"opensAt": "24:00:00"}""", "opensAt")]
    [InlineData("""{"opensAt": "12:30:00.5"}""", "opensAt")]
    [InlineData("""{"opensAt": "noon"}""", "opensAt")]
    [InlineData("""{"opensAt": 1230}""", "opensAt")]
    [InlineData("""{"mobile": "1380013800"}""", "mobile")]
    [InlineData("""{"mobile": "1380013800a"}""", "mobile")]
    [InlineData("""{"mobile": "+8613800138000"}""", "mobile")]
    [InlineData("""{"mobile": 13800138000}""", "mobile")]
    [InlineData("""{"tel": "13800138000"}""", "tel")]
    [InlineData("""{"tel": "010-1234"}""", "tel")]
    [InlineData("""{"anyPhone": "12345"}""", "anyPhone")]
    [InlineData("""{"shortPhone": "1234567"}""", "shortPhone")]
    [InlineData("""{"shortPhone": "123456789012"}""", "shortPhone")]
    [InlineData("""{"orderNo": "SO-1"}""", "orderNo")]
    [InlineData("""{"orderNo": null}""", "orderNo")]
    [InlineData("""{"status": "pending"}""", "status")]
    [InlineData("""{"status": "Open"}""", "status")]
    [InlineData("""{"status": 1}""", "status")]
    [InlineData("""{"tags": ["a", "a"]}""", "tags")]
    [InlineData("""{"tags": ["a", "b", "c"]}""", "tags")]
    [InlineData("""{"tags": ["z"]}""", "tags")]
    [InlineData("""{"tags": [1]}""", "tags")]
    [InlineData("""{"tags": "a"}""", "tags")]
    [InlineData("""{"tags": {"a": 1}}""", "tags")]
    [InlineData("""{"sizes": ["S", "M"]}""", "sizes")]
    [InlineData("""{"address": {"province": "x", "zip": "1"}}""", "address")]
    [InlineData("""{"address": {"province": 1}}""", "address")]
    [InlineData("""{"address": ["广东省"]}""", "address")]
    [InlineData("""{"address": "北京"}""", "address")]
    [InlineData("""{"files": [{"name": "a", "url": "/a", "size": 1}, {"name": "b", "url": "/b", "size": 1}, {"name": "c", "url": "/c", "size": 1}]}""", "files")]
    [InlineData("""{"files": [{"name": "a", "url": "/a", "size": 1048577}]}""", "files")]
    [InlineData("""{"files": [{"name": "a", "url": "javascript:alert(1)", "size": 1}]}""", "files")]
    [InlineData("""{"files": [{"name": "a", "url": "//evil.example/a", "size": 1}]}""", "files")]
    [InlineData("""{"files": [{"url": "/a", "size": 1}]}""", "files")]
    [InlineData("""{"files": [{"name": "a", "url": "/a", "size": 1, "path": "/etc"}]}""", "files")]
    [InlineData("""{"files": [{"name": "a", "url": "/a", "size": -1}]}""", "files")]
    [InlineData("""{"files": [{"name": "a", "url": "/a", "size": 1.5}]}""", "files")]
    [InlineData("""{"files": [{"name": "a", "url": "/a"}]}""", "files")]
    [InlineData("""{"photos": [{"name": "a.pdf", "url": "/a", "size": 1, "type": "application/pdf"}]}""", "photos")]
    [InlineData("""{"photos": [{"name": "1", "url": "/1", "size": 1}, {"name": "2", "url": "/2", "size": 1}, {"name": "3", "url": "/3", "size": 1}, {"name": "4", "url": "/4", "size": 1}, {"name": "5", "url": "/5", "size": 1}, {"name": "6", "url": "/6", "size": 1}]}""", "photos")]
    public async Task Invalid_values_are_refused_with_the_field_name_and_nothing_is_written(string row, string field)
    {
        var store = await StoreAsync(TypesJson);
        var ex = await Assert.ThrowsAsync<InvalidValueException>(() => store.CreateAsync(Obj(row)));
        Assert.Equal("DB_BAD_VALUE", ex.Code);
        Assert.Equal(field, ex.Field);
        Assert.Contains(field, ex.Message);
        Assert.Equal(0, await RawCountAsync("jit_types"));
    }

    [Fact]
    public async Task Updates_keep_the_rules_and_cannot_change_a_serial_number()
    {
        var store = await StoreAsync(TypesJson);
        var row = await store.CreateAsync(Obj("""{"code": "A", "status": "open"}"""));
        var id = (long)row["id"]!;
        Assert.Equal("orderNo", (await Assert.ThrowsAsync<InvalidValueException>(() => store.UpdateByPKAsync(id, Obj("""{"orderNo": "X"}""")))).Field);
        Assert.Equal("status", (await Assert.ThrowsAsync<InvalidValueException>(() => store.UpdateByPKAsync(id, Obj("""{"status": "gone"}""")))).Field);
        Assert.Equal("status", (await Assert.ThrowsAsync<InvalidValueException>(() => store.UpdateByFilterAsync(Q.Eq("id", id), Obj("""{"status": "gone"}""")))).Field);
        var updated = await store.UpdateByPKAsync(id, Obj("""{"status": "closed", "code": "B"}"""));
        Assert.Equal("closed", (string)updated["status"]!);
        Assert.Equal((string)row["orderNo"]!, (string)updated["orderNo"]!);
    }

    [Fact]
    public async Task Serial_numbers_follow_prefix_field_value_connector_date_and_counter()
    {
        var store = await StoreAsync(TypesJson);
        var today = DateTime.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var a1 = await store.CreateAsync(Obj("""{"code": "AB"}"""));
        var a2 = await store.CreateAsync(Obj("""{"code": "AB"}"""));
        var c1 = await store.CreateAsync(Obj("""{"code": "CD"}"""));
        var none = await store.CreateAsync(Obj("{}"));
        Assert.Equal($"SOAB-{today}0001", (string)a1["orderNo"]!);
        Assert.Equal($"SOAB-{today}0002", (string)a2["orderNo"]!);
        Assert.Equal($"SOCD-{today}0001", (string)c1["orderNo"]!);
        Assert.Equal($"SO-{today}0001", (string)none["orderNo"]!);
        Assert.Equal(["SOAB-" + today + "0002"], (await store.QueryAsync(Q.Field("orderNo", "endswith", "0002"))).RowDatas.Select(r => (string)r!["orderNo"]!));

        // No date, 2 digits from 7: the counter grows past its width instead of wrapping.
        var plain = await StoreAsync("""
            {"table": "tickets", "fields": [{"name": "no", "dataType": "Serial", "dateTimeFormat": "", "incNum": 2, "startNumber": 98, "prefix": "T"}]}
            """);
        Assert.Equal(["T98", "T99", "T100"], [
            (string)(await plain.CreateAsync(new JsonObject()))["no"]!,
            (string)(await plain.CreateAsync(new JsonObject()))["no"]!,
            (string)(await plain.CreateAsync(new JsonObject()))["no"]!]);
    }

    [Fact]
    public async Task A_rolled_back_create_gives_its_serial_number_back()
    {
        var store = await StoreAsync("""{"table": "tickets", "fields": [{"name": "no", "dataType": "Serial", "dateTimeFormat": "", "incNum": 3}]}""");
        Assert.Equal("001", (string)(await store.CreateAsync(new JsonObject()))["no"]!);
        await using (var tx = await Db.BeginTransactionAsync())
        {
            Assert.Equal("002", (string)(await store.CreateAsync(new JsonObject()))["no"]!);
        }

        Assert.Equal("002", (string)(await store.CreateAsync(new JsonObject()))["no"]!);
        Assert.Equal(2, await RawCountAsync("tickets"));
    }

    [Fact]
    public async Task Fifty_parallel_creates_get_fifty_distinct_consecutive_serial_numbers()
    {
        var store = await StoreAsync("""
            {"table": "tickets", "fields": [{"name": "no", "dataType": "Serial", "prefix": "T-", "dateTimeFormat": "", "incNum": 3, "unique": true},
              {"name": "k", "dataType": "Stext"}]}
            """);
        var start = new TaskCompletionSource();
        var creates = Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return (string)(await store.CreateAsync(new JsonObject { ["k"] = $"w{i}" }))["no"]!;
        })).ToList();
        start.SetResult();
        var numbers = await Task.WhenAll(creates);

        Assert.Equal(Enumerable.Range(1, 50).Select(n => $"T-{n:000}").Order(), numbers.Order());
        Assert.Equal(50, await RawCountAsync("tickets"));
    }

    [Fact]
    public async Task Choice_phone_percent_and_time_fields_filter_by_value()
    {
        var store = await StoreAsync(TypesJson);
        await store.CreateAsync(Obj("""{"code": "a", "status": "open", "rate": 0.125, "opensAt": "08:00:00", "mobile": "13800138000"}"""));
        await store.CreateAsync(Obj("""{"code": "b", "status": "closed", "rate": 0.5, "opensAt": "12:30:00", "mobile": "13900139000"}"""));
        await store.CreateAsync(Obj("""{"code": "c", "rate": 1, "opensAt": "23:59:59"}"""));
        async Task<string[]> Codes(Q q) => [.. (await store.QueryAsync(q, orderList: [OrderBy.Asc("code")])).RowDatas.Select(r => (string)r!["code"]!)];

        Assert.Equal(["a"], await Codes(Q.Eq("status", "open")));
        // A value that is not (or no longer) an option is a filter operand like any other: it matches nothing.
        Assert.Empty(await Codes(Q.Eq("status", "pending")));
        Assert.Equal(["b", "c"], await Codes(Q.Field("rate", ">", 0.125m)));
        Assert.Equal(["a", "b"], await Codes(Q.Field("rate", "range", new JsonArray(0.125m, 0.5m))));
        Assert.Equal(["b", "c"], await Codes(Q.Field("opensAt", ">=", "12:30")));
        Assert.Equal(["a"], await Codes(Q.Field("opensAt", "<", "09:00:00")));
        Assert.Equal(["a"], await Codes(Q.Field("mobile", "startswith", "138")));
        Assert.Equal(["c"], await Codes(Q.Field("mobile", "isnull", true)));
    }

    [Fact]
    public async Task List_types_take_only_null_tests()
    {
        var store = await StoreAsync(TypesJson);
        await store.CreateAsync(Obj("""{"code": "a", "tags": ["a"]}"""));
        await store.CreateAsync(Obj("""{"code": "b"}"""));
        Assert.Equal(["a"], (await store.QueryAsync(Q.Field("tags", "isnull", false))).RowDatas.Select(r => (string)r!["code"]!));
        Assert.Equal(["b"], (await store.QueryAsync(Q.Eq("tags", null))).RowDatas.Select(r => (string)r!["code"]!));
        var rows = (await store.QueryAsync(orderList: [OrderBy.Asc("code")])).RowDatas.Select(r => r!.AsObject()).ToList();
        Assert.Equal([false, true], rows.Select(r => store.GetCompareResult(Q.Field("tags", "isnull", true), r)));
        var ex = await Assert.ThrowsAsync<FilterException>(() => store.QueryAsync(Q.Field("tags", "like", "a")));
        Assert.Equal("DB_BAD_FILTER", ex.Code);
        Assert.Contains("not supported on MultiRadio field 'tags'", ex.Message);
    }

    private async Task<ModelStoreView> AddressRowsAsync()
    {
        var store = await StoreAsync(TypesJson);
        foreach (var (code, address) in new[]
        {
            ("A", """{"province": "广东省", "city": "深圳市", "district": "南山区"}"""),
            ("B", """{"province": "广东省", "city": "广州市", "district": "天河区"}"""),
            ("C", """{"province": "北京市", "city": "北京市", "district": "海淀区"}"""),
            ("D", """{"province": "广东省"}"""),
            ("E", "null"),
            // Look-alikes of A's parts: a prefix match or a case-folding comparison would wrongly select them.
            ("F", """{"province": "广东", "city": "深圳市", "district": "Nanshan"}"""),
            ("G", """{"province": "", "city": "", "district": "nanshan"}"""),
        })
        {
            await store.CreateAsync(new JsonObject { ["code"] = code, ["address"] = JsonNode.Parse(address) });
        }

        return new ModelStoreView(store);
    }

    /// <summary>Codes of the rows a filter selects, in order.</summary>
    private sealed class ModelStoreView(Elements.Data.Storage.ModelStore store)
    {
        public async Task<string> Codes(string filter)
        {
            var q = Q.Parse(filter);
            var rows = await store.QueryAsync(q, orderList: [OrderBy.Asc("code")]);
            Assert.Equal(rows.RowDatas.Count, await store.CountAsync(q));
            var codes = string.Concat(rows.RowDatas.Select(r => (string)r!["code"]!));
            // getCompareResult decides the same in memory, row by row.
            var all = (await store.QueryAsync(orderList: [OrderBy.Asc("code")])).RowDatas.Select(r => r!.AsObject());
            Assert.Equal(codes, string.Concat(all.Where(r => store.GetCompareResult(q, r)).Select(r => (string)r["code"]!)));
            return codes;
        }

        public async Task<FilterException> Refused(string filter)
        {
            var ex = await Assert.ThrowsAsync<FilterException>(() => store.QueryAsync(Q.Parse(filter)));
            var row = (await store.QueryAsync()).RowDatas[0]!.AsObject();
            Assert.Equal(ex.Message, Assert.Throws<FilterException>(() => store.GetCompareResult(Q.Parse(filter), row)).Message);
            return ex;
        }
    }

    [Theory]
    [InlineData("Q('address', 'province', '广东省')", "ABD")]
    [InlineData("Q(address__province='广东省')", "ABD")]
    [InlineData("Q('address', 'city', '深圳市')", "AF")]
    [InlineData("Q('address', 'city', '北京市')", "C")]
    [InlineData("Q('address', 'district', '海淀区')", "C")]
    [InlineData("Q('address', 'district', 'Nanshan')", "F")]
    [InlineData("Q('address', 'province', '广东%')", "")]
    [InlineData("Q('address', 'province', '')", "G")]
    [InlineData("Q('address', 'belong', {'province': '广东省', 'city': '', 'district': ''})", "ABD")]
    [InlineData("Q('address', 'belong', {'province': '广东省', 'city': '深圳市'})", "A")]
    [InlineData("Q('address', 'belong', {'city': '深圳市'})", "AF")]
    [InlineData("Q('address', 'belong', {'province': '广东省', 'city': '深圳市', 'district': '天河区'})", "")]
    [InlineData("Q('address', 'belong', '北京市')", "C")]
    [InlineData("Q('address', 'belong', {'province': None})", "ABCDFG")]
    [InlineData("Q('address', 'belong', {})", "ABCDFG")]
    [InlineData("Q('address', 'nbelong', {'province': '广东省'})", "CEFG")]
    [InlineData("Q('address', 'nbelong', {'province': '广东省', 'city': '深圳市'})", "BCDEFG")]
    [InlineData("Q('address', 'nbelong', {})", "E")]
    [InlineData("~Q('address', 'province', '广东省')", "CEFG")]
    [InlineData("Q(Q('address', 'province', '广东省'), Q.AND, ~Q('address', 'city', '深圳市'))", "BD")]
    [InlineData("Q('address', 'isnull', 1)", "E")]
    [InlineData("Q('address', 'isnull', 0)", "ABCDFG")]
    [InlineData("Q('address', '!=', None)", "ABCDFG")]
    public async Task Address_operators_select_exactly_the_matching_rows(string filter, string codes)
        => Assert.Equal(codes, await (await AddressRowsAsync()).Codes(filter));

    [Theory]
    [InlineData("Q('address', 'like', '广东')", "not supported on Address field 'address'")]
    [InlineData("Q('address', '=', {'province': '广东省'})", "not supported on Address field 'address'")]
    [InlineData("Q('address', 'belong', {'zip': '1'})", "'zip' is not an address part")]
    [InlineData("Q('address', 'belong', {'province': 1})", "must be a string or null")]
    [InlineData("Q('code', 'province', '广东省')", "operator 'province' requires an Address field; 'code' is Stext")]
    [InlineData("Q('tags', 'belong', '广东省')", "operator 'belong' requires an Address field; 'tags' is MultiRadio")]
    public async Task Address_operators_refuse_what_they_cannot_answer(string filter, string message)
    {
        var ex = await (await AddressRowsAsync()).Refused(filter);
        Assert.Equal("DB_BAD_FILTER", ex.Code);
        Assert.Contains(message, ex.Message);
    }
}
