using System.Text.Json.Nodes;
using Elements.Data.Errors;
using Elements.Data.Filters;
using Elements.Data.Storage;
using Elements.Data.Tests.Support;

namespace Elements.Data.Tests.Providers;

public abstract class CrudTests(IDatabaseProvider provider) : ProviderTestBase(provider)
{
    public sealed class Person
    {
        public long Id { get; set; }

        public string Name { get; set; } = "";

        public string? Email { get; set; }

        public long? Age { get; set; }

        public bool Active { get; set; }

        public decimal? Score { get; set; }

        public DateTime? JoinedAt { get; set; }

        public string? Status { get; set; }
    }

    private async Task<ModelStore> SeedAsync(int count)
    {
        var people = await StoreAsync(PeopleJson);
        for (var i = 1; i <= count; i++)
        {
            await people.CreateAsync(new JsonObject { ["name"] = $"p{i:00}", ["email"] = $"p{i}@x.io", ["age"] = 20 + i % 5, ["status"] = i % 2 == 0 ? "even" : "odd" });
        }

        return people;
    }

    [Fact]
    public async Task Create_returns_the_stored_row_with_its_key()
    {
        var people = await StoreAsync(PeopleJson);
        var a = await people.CreateAsync(Obj("""{"name": "Ann", "email": "ann@x.io", "age": 30}"""));
        var b = await people.CreateAsync(Obj("""{"name": "Bob"}"""));
        Assert.Equal(1L, (long)a["id"]!);
        Assert.Equal(2L, (long)b["id"]!);
        Assert.Equal(["id", "name", "email", "age", "status", "score", "joinedAt", "active"], a.Select(p => p.Key));
        Assert.Equal("Ann", (string)a["name"]!);
        Assert.Null(b["email"]);

        // An explicit key is kept, and generated keys continue after it instead of colliding later.
        Assert.Equal(50L, (long)(await people.CreateAsync(Obj("""{"id": 50, "name": "Fifty"}""")))["id"]!);
        Assert.Equal(51L, (long)(await people.CreateAsync(Obj("""{"name": "Next"}""")))["id"]!);
        Assert.Equal(10L, (long)(await people.CreateAsync(Obj("""{"id": 10, "name": "Ten"}""")))["id"]!);
        Assert.Equal(52L, (long)(await people.CreateAsync(Obj("""{"name": "After"}""")))["id"]!);
    }

    [Fact]
    public async Task Get_returns_first_by_order_or_null()
    {
        var people = await SeedAsync(10);
        Assert.Null(await people.GetAsync(Q.Eq("name", "nobody")));
        var youngest = await people.GetAsync(Q.Eq("status", "even"), [OrderBy.Asc("age"), OrderBy.Desc("name")]);
        Assert.Equal("p10", (string)youngest!["name"]!);
        var last = await people.GetAsync(orderList: OrderBy.ParseList(JsonNode.Parse("""[["id", -1]]""")));
        Assert.Equal("p10", (string)last!["name"]!);
        Assert.Equal("p03", (string)(await people.GetByPKAsync(3))!["name"]!);
        Assert.Equal("p03", (string)(await people.GetByPKAsync("3"))!["name"]!);
        Assert.Null(await people.GetByPKAsync(999));
    }

    [Fact]
    public async Task Query_pages_orders_and_counts()
    {
        var people = await SeedAsync(25);
        var page2 = await people.QueryAsync(Q.Eq("status", "odd"), ["name", "age"], OrderBy.ParseList(JsonNode.Parse("""[["name", -1]]""")), page: 2, size: 5);
        Assert.Equal(13, page2.TotalCount);
        Assert.Equal(["p15", "p13", "p11", "p09", "p07"], page2.RowDatas.Select(r => (string)r!["name"]!));
        Assert.All(page2.RowDatas, r => Assert.Equal(["name", "age"], r!.AsObject().Select(p => p.Key)));

        var lastPage = await people.QueryAsync(Q.Eq("status", "odd"), null, [OrderBy.Desc("name")], page: 3, size: 5);
        Assert.Equal(13, lastPage.TotalCount);
        Assert.Equal(3, lastPage.RowDatas.Count);

        var all = await people.QueryAsync();
        Assert.Equal(25, all.TotalCount);
        Assert.Equal(25, all.RowDatas.Count);
        Assert.Equal("p01", (string)all.RowDatas[0]!["name"]!);

        var json = page2.ToJson();
        Assert.Equal(13, (long)json["totalCount"]!);
        Assert.Equal(5, json["rowDatas"]!.AsArray().Count);
        Assert.Equal(25, await people.CountAsync());
        await Assert.ThrowsAsync<InvalidValueException>(() => people.QueryAsync(page: 0, size: 5));
        await Assert.ThrowsAsync<InvalidValueException>(() => people.QueryAsync(size: 0));
    }

    [Fact]
    public async Task Update_and_delete_by_pk()
    {
        var people = await SeedAsync(3);
        var updated = await people.UpdateByPKAsync(2, Obj("""{"age": 99, "email": null}"""));
        Assert.Equal(99L, (long)updated["age"]!);
        Assert.Null(updated["email"]);
        Assert.Equal("p02", (string)updated["name"]!);
        Assert.Equal(99L, (long)(await people.GetByPKAsync(2))!["age"]!);

        var missing = await Assert.ThrowsAsync<RecordNotFoundException>(() => people.UpdateByPKAsync(42, Obj("""{"age": 1}""")));
        Assert.Equal("DB_NOT_FOUND", missing.Code);
        await Assert.ThrowsAsync<InvalidValueException>(() => people.UpdateByPKAsync(2, Obj("""{"id": 5}""")));
        await Assert.ThrowsAsync<UnknownFieldException>(() => people.UpdateByPKAsync(2, Obj("""{"salary": 5}""")));

        Assert.True(await people.DeleteByPKAsync(2));
        Assert.False(await people.DeleteByPKAsync(2));
        Assert.Null(await people.GetByPKAsync(2));
        Assert.Equal(2, await RawCountAsync("people"));
    }

    [Fact]
    public async Task Update_and_delete_by_filter()
    {
        var people = await SeedAsync(10);
        Assert.Equal(5, await people.UpdateByFilterAsync(Q.Eq("status", "even"), Obj("""{"score": 1.25}""")));
        Assert.Equal(5, (await people.QueryAsync(Q.Eq("score", 1.25))).TotalCount);
        Assert.Equal(0, await people.UpdateByFilterAsync(Q.Eq("status", "none"), Obj("""{"score": 2}""")));
        // Odd rows are p1, p3, p5, p7, p9 with ages 21, 23, 20, 22, 24.
        Assert.Equal(4, await people.DeleteByFilterAsync(Q.Parse("Q(Q('status', 'odd'), Q.AND, Q('age', '<', 24))")));
        Assert.Equal(6, await RawCountAsync("people"));
        Assert.Equal(6, await people.DeleteByFilterAsync(Q.And()));
        Assert.Equal(0, await RawCountAsync("people"));
        await Assert.ThrowsAsync<FilterException>(() => people.DeleteByFilterAsync(null!));
    }

    [Fact]
    public async Task UpdateOrAdd_updates_a_match_or_adds()
    {
        var people = await SeedAsync(2);
        var updated = await people.UpdateOrAddAsync(Q.Eq("email", "p1@x.io"), Obj("""{"age": 50}"""), Obj("""{"name": "never"}"""));
        Assert.Equal("p01", (string)updated["name"]!);
        Assert.Equal(50L, (long)updated["age"]!);
        Assert.Equal(2, await RawCountAsync("people"));

        var added = await people.UpdateOrAddAsync(Q.Eq("email", "new@x.io"), Obj("""{"age": 5}"""), Obj("""{"name": "New", "email": "new@x.io"}"""));
        Assert.Equal("New", (string)added["name"]!);
        Assert.Equal(5L, (long)added["age"]!);
        Assert.Equal(3L, (long)added["id"]!);
        Assert.Equal(3, await RawCountAsync("people"));

        // Several matches: only the first in key order is updated (JitAi: find the row, update it).
        var first = await people.UpdateOrAddAsync(Q.Field("age", "<", 100), Obj("""{"score": 9}"""), Obj("{}"));
        Assert.Equal(1L, (long)first["id"]!);
        Assert.Equal([1L], (await people.QueryAsync(Q.Eq("score", 9))).RowDatas.Select(r => (long)r!["id"]!));

        // orderList picks the row: the oldest person here.
        var oldest = await people.UpdateOrAddAsync(Q.Field("age", "<", 100), [OrderBy.Desc("age")], Obj("""{"score": 7}"""), Obj("{}"));
        Assert.Equal(50L, (long)oldest["age"]!);
        Assert.Equal(["p01"], (await people.QueryAsync(Q.Eq("score", 7))).RowDatas.Select(r => (string)r!["name"]!));
        Assert.Equal(3, await RawCountAsync("people"));
    }

    [Fact]
    public async Task CreateOrUpdateMany_upserts_in_one_transaction()
    {
        var people = await SeedAsync(2);
        var result = await people.CreateOrUpdateManyAsync(
        [
            Obj("""{"id": 1, "age": 77}"""),
            Obj("""{"name": "three", "email": "3@x.io"}"""),
            Obj("""{"id": 50, "name": "fifty"}"""),
        ]);
        Assert.Equal(3, result.Count);
        Assert.Equal(77L, (long)result[0]!["age"]!);
        Assert.Equal("p01", (string)result[0]!["name"]!);
        Assert.Equal("three", (string)result[1]!["name"]!);
        Assert.Equal(50L, (long)result[2]!["id"]!);
        Assert.Equal(4, await RawCountAsync("people"));

        // One bad row (duplicate email) rolls back the whole batch, including the update before it.
        var ex = await Assert.ThrowsAsync<ConstraintViolationException>(() => people.CreateOrUpdateManyAsync(
        [
            Obj("""{"id": 1, "age": 1}"""),
            Obj("""{"name": "four", "email": "4@x.io"}"""),
            Obj("""{"name": "dup", "email": "3@x.io"}"""),
        ]));
        Assert.Equal(["email"], ex.Fields);
        Assert.Equal(4, await RawCountAsync("people"));
        Assert.Equal(77L, (long)(await people.GetByPKAsync(1))!["age"]!);
    }

    [Fact]
    public async Task Constraint_violations_are_clear_and_change_nothing()
    {
        var people = await SeedAsync(3);
        var ex = await Assert.ThrowsAsync<ConstraintViolationException>(() => people.CreateAsync(Obj("""{"name": "x", "email": "p1@x.io"}""")));
        Assert.Equal("DB_CONSTRAINT", ex.Code);
        Assert.Equal("unique", ex.Kind);
        Assert.Equal("ux_people_email", ex.Constraint);
        Assert.Equal(["email"], ex.Fields);
        Assert.Contains("email", ex.Message);
        Assert.Equal("ux_people_email", (string)ex.Details!["constraint"]!);

        var upd = await Assert.ThrowsAsync<ConstraintViolationException>(() => people.UpdateByPKAsync(2, Obj("""{"email": "p1@x.io", "age": 1}""")));
        Assert.Equal(["email"], upd.Fields);
        var bulk = await Assert.ThrowsAsync<ConstraintViolationException>(() => people.UpdateByFilterAsync(Q.And(), Obj("""{"email": "same@x.io"}""")));
        Assert.Equal("unique", bulk.Kind);

        Assert.Equal(3, await RawCountAsync("people"));
        var p2 = await people.GetByPKAsync(2);
        Assert.Equal("p2@x.io", (string)p2!["email"]!);
        Assert.Equal(22L, (long)p2["age"]!);
        Assert.Equal(3, (await people.QueryAsync(Q.Field("email", "endswith", "@x.io"))).TotalCount);
    }

    [Fact]
    public async Task Unknown_fields_in_rows_are_errors()
    {
        var people = await StoreAsync(PeopleJson);
        var ex = await Assert.ThrowsAsync<UnknownFieldException>(() => people.CreateAsync(Obj("""{"name": "x", "Name": "y"}""")));
        Assert.Equal("Name", ex.Field);
        await Assert.ThrowsAsync<UnknownFieldException>(() => people.UpdateOrAddAsync(Q.Eq("name", "x"), Obj("{}"), Obj("""{"bogus": 1}""")));
        Assert.Equal(0, await RawCountAsync("people"));
    }

    [Fact]
    public async Task Typed_access_maps_rows_with_dapper()
    {
        var people = await SeedAsync(4);
        var list = await people.QueryAsync<Person>(Q.Field("age", ">=", 22), [OrderBy.Desc("age")]);
        Assert.Equal(["p04", "p03", "p02"], list.Select(p => p.Name));
        Assert.Equal(24, list[0].Age);
        Assert.True(list[0].Active);
        Assert.Equal("p4@x.io", list[0].Email);

        await people.UpdateByPKAsync(2, Obj("""{"score": 12.5, "joinedAt": "2026-11-25T10:00:00Z"}"""));
        var one = await people.GetAsync<Person>(Q.Eq("name", "p02"));
        Assert.Equal(2, one!.Id);
        Assert.Equal(12.5m, one.Score);
        Assert.Equal(new DateTime(2026, 11, 25, 10, 0, 0), one.JoinedAt!.Value);
        Assert.Equal("even", one.Status);
        Assert.Null(await people.GetAsync<Person>(Q.Eq("name", "none")));
        var paged = await people.QueryAsync<Person>(page: 2, size: 3);
        Assert.Equal("p04", Assert.Single(paged).Name);
    }

    public sealed record Consumed(long Id, string Name, long? Age);

    [Fact]
    public async Task Update_by_filter_returning_typed_rows_changes_and_reports_exactly_the_matching_rows()
    {
        var people = await SeedAsync(10);
        var changed = await people.UpdateByFilterAsync<Consumed>(Q.And(Q.Eq("status", "even"), Q.Field("age", ">", 21)), Obj("""{"age": 99}"""));

        // p2 (22), p4 (24), p8 (23) and p10 (20) are even: three are over 21.
        Assert.Equal(["p02", "p04", "p08"], changed.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.All(changed, c => Assert.Equal(99, c.Age));
        Assert.Equal(3, (await people.QueryAsync(Q.Eq("age", 99))).TotalCount);
        Assert.Empty(await people.UpdateByFilterAsync<Consumed>(Q.Eq("status", "none"), Obj("""{"age": 1}""")));
        await Assert.ThrowsAsync<InvalidValueException>(() => people.UpdateByFilterAsync<Consumed>(Q.And(), new JsonObject()));
        await Assert.ThrowsAsync<UnknownFieldException>(() => people.UpdateByFilterAsync<Consumed>(Q.And(), Obj("""{"nope": 1}""")));
    }

    [Fact]
    public async Task Update_by_filter_returning_is_single_use_under_parallel_callers()
    {
        var people = await SeedAsync(1);
        var winners = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() =>
            people.UpdateByFilterAsync<Consumed>(Q.And(Q.Eq("name", "p01"), Q.Eq("status", "odd")), Obj("""{"status": "used"}""")))));

        Assert.Equal(1, winners.Sum(w => w.Count));
    }

    [Fact]
    public async Task Insert_returns_only_the_key_and_stores_the_row_with_its_defaults()
    {
        var people = await StoreAsync(PeopleJson);
        var first = await people.InsertAsync(Obj("""{"name": "Ann", "email": "ann@x.io"}"""));
        var second = await people.InsertAsync(Obj("""{"name": "Bo", "email": "bo@x.io"}"""));

        Assert.Equal((long)first + 1, (long)second);
        var stored = await people.GetByPKAsync(first);
        Assert.Equal("Ann", (string?)stored!["name"]);
        var clash = await Assert.ThrowsAsync<ConstraintViolationException>(() => people.InsertAsync(Obj("""{"name": "Cy", "email": "ann@x.io"}""")));
        Assert.Equal("unique", clash.Kind);
        Assert.Equal(2, await RawCountAsync("people"));
    }

    [Fact]
    public async Task Insert_returns_a_text_key_as_the_stored_text()
    {
        var codes = await StoreAsync("""
            {"table": "coded_items", "fields": [
              {"name": "code", "dataType": "Stext", "primaryKey": true},
              {"name": "label", "dataType": "Stext"}]}
            """);

        var key = await codes.InsertAsync(Obj("""{"code": "A-01 é", "label": "first"}"""));

        Assert.Equal(System.Text.Json.JsonValueKind.String, key.GetValueKind());
        Assert.Equal("A-01 é", (string?)key);
        Assert.Equal("first", (string?)(await codes.GetByPKAsync(key))!["label"]);
    }

    [Fact]
    public async Task Insert_if_referenced_inserts_only_while_the_referenced_row_exists_in_one_statement()
    {
        var people = await StoreAsync(PeopleJson);
        var notes = await StoreAsync("""
            {"table": "person_notes", "fields": [
              {"name": "personId", "dataType": "Integer"},
              {"name": "note", "dataType": "Stext"},
              {"name": "at", "dataType": "Datetime"},
              {"name": "score", "dataType": "Numeric", "decimal": 2}]}
            """);
        var ann = (long)await people.InsertAsync(Obj("""{"name": "Ann", "email": "ann@x.io"}"""));

        var key = await notes.InsertIfReferencedAsync(Obj($$"""{"personId": {{ann}}, "note": "hi", "at": "2026-12-07T03:04:05Z", "score": 1.5}"""), "personId", people);
        Assert.NotNull(key);
        var stored = await notes.GetByPKAsync(key!);
        Assert.Equal("""{"personId":{{ann}},"note":"hi","at":"2026-12-07T03:04:05Z","score":1.5}""".Replace("{{ann}}", ann.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal),
            new JsonObject(stored!.Where(p => p.Key != "id").Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))).ToJsonString());

        Assert.Null(await notes.InsertIfReferencedAsync(Obj($$"""{"personId": {{ann + 1000}}, "note": "nobody"}"""), "personId", people));
        Assert.Null(await notes.InsertIfReferencedAsync(Obj("""{"note": "no reference at all"}"""), "personId", people));
        Assert.Equal(1, await RawCountAsync("person_notes"));

        // A row on another database cannot be checked by the same statement.
        var otherProvider = new SqliteProvider();
        try
        {
            await using var other = await otherProvider.CreateAsync();
            var elsewhere = new ModelStore(other, Schema(PeopleJson));
            await Assert.ThrowsAsync<ArgumentException>(() => notes.InsertIfReferencedAsync(Obj($$"""{"personId": {{ann}}}"""), "personId", elsewhere));
        }
        finally
        {
            await otherProvider.CleanupAsync();
        }
    }

    [Fact]
    public async Task Rows_read_as_json_keep_each_number_in_its_place_and_cast_to_any_numeric_type()
    {
        var people = await StoreAsync(PeopleJson);
        for (var i = 1; i <= 30; i++)
        {
            // Nulls between numbers: the numbers of a page are parsed together and must land back in their cells.
            await people.CreateAsync(new JsonObject
            {
                ["name"] = $"n{i:00}", ["age"] = i % 3 == 0 ? null : i * 10, ["score"] = i % 4 == 0 ? null : i + 0.5m,
            });
        }

        var rows = (await people.QueryAsync(orderList: [OrderBy.Asc("name")])).RowDatas.Select(r => r!.AsObject()).ToList();

        Assert.Equal(30, rows.Count);
        for (var i = 1; i <= 30; i++)
        {
            var row = rows[i - 1];
            Assert.Equal(i, (int)row["id"]!);
            Assert.Equal(i, (short)row["id"]!);
            Assert.Equal(i % 3 == 0 ? null : i * 10, (int?)row["age"]);
            Assert.Equal(i % 4 == 0 ? null : i + 0.5, (double?)row["score"]);
            Assert.Equal(i % 4 == 0 ? null : i + 0.5m, (decimal?)row["score"]);
        }

        Assert.Equal("""{"score":1.5}""", new JsonObject { ["score"] = rows[0]["score"]!.DeepClone() }.ToJsonString());
        Assert.Empty((await people.QueryAsync(Q.Eq("name", "none"))).RowDatas);
    }

    [Fact]
    public async Task Rows_read_as_json_serialize_alike_untouched_or_changed_and_escape_with_the_writers_encoder()
    {
        var people = await StoreAsync(PeopleJson);
        const string Name = "<b>\"张三\" & 'Ann'</b>\\";
        await people.CreateAsync(new JsonObject { ["name"] = Name, ["email"] = "a@x.io", ["age"] = 41, ["score"] = 12.50m, ["active"] = true });
        await people.CreateAsync(new JsonObject { ["name"] = "Bob" });

        // Rows go to a reply without being touched: their text is written from the parsed document, escaped by the
        // serializing writer exactly as a row built node by node would be.
        var untouched = (await people.QueryAsync(orderList: [OrderBy.Asc("id")])).RowDatas;
        var rebuilt = JsonNode.Parse(untouched.ToJsonString())!.AsArray();
        var byHand = new JsonArray(untouched.Select(r => (JsonNode?)new JsonObject(r!.AsObject().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())))).ToArray());
        Assert.Equal(byHand.ToJsonString(), untouched.ToJsonString());
        Assert.Contains("\\u003Cb\\u003E\\u0022\\u5F20\\u4E09\\u0022", untouched.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(Name, (string)rebuilt[0]!["name"]!);
        Assert.True((bool)rebuilt[0]!["active"]!);
        Assert.Equal(12.5m, (decimal)rebuilt[0]!["score"]!);

        // A row read on its own is free to be changed and moved into another node.
        var row = (await people.GetAsync(Q.Eq("name", Name)))!;
        row["age"] = 42;
        var moved = new JsonObject { ["row"] = row };
        Assert.Equal(42, (int)moved["row"]!["age"]!);
        Assert.Equal(Name, (string)moved["row"]!["name"]!);
    }
}
