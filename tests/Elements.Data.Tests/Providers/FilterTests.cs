using System.Text.Json.Nodes;
using Elements.Data.Errors;
using Elements.Data.Filters;
using Elements.Data.Storage;
using Elements.Data.Tests.Support;

namespace Elements.Data.Tests.Providers;

public abstract class FilterTests(IDatabaseProvider provider) : ProviderTestBase(provider)
{
    public static TheoryData<string, string> Cases => new()
    {
        // string form                                              expected names (sorted, comma-separated)
        { "Q('age', '=', 30)", "Ann,Cid" },
        { "Q('age', 30)", "Ann,Cid" },
        { "Q('age', '!=', 30)", "Bob,Dee,Eve" },
        { "Q('age', '>', 30)", "Bob" },
        { "Q('age', '>=', 30)", "Ann,Bob,Cid" },
        { "Q('age', '<', 30)", "Dee" },
        { "Q('age', '<=', 30)", "Ann,Cid,Dee" },
        { "Q('status', 'in', ['a', 'b'])", "Ann,Bob,Dee" },
        { "Q('status', 'nin', ['a', 'b'])", "Cid,Eve" },
        { "Q('age', 'in', [30, None])", "Ann,Cid,Eve" },
        { "Q('age', 'in', [])", "" },
        { "Q('name', 'like', 'i')", "Cid" },
        { "Q('name', 'like', 'E')", "Dee,Eve" },
        { "Q('name', 'nlike', 'e')", "Ann,Bob,Cid" },
        { "Q('email', 'like', '50%')", "Eve" },
        { "Q('email', 'like', '_')", "Dee" },
        { "Q('name', 'startswith', 'b')", "Bob" },
        { "Q('email', 'endswith', '.org')", "Bob,Cid" },
        { "Q('age', 'isnull', True)", "Eve" },
        { "Q('age', 'isnull', false)", "Ann,Bob,Cid,Dee" },
        { "Q('age', 'range', [25, 30])", "Ann,Cid,Dee" },
        { "Q('age', 'range', [31, null])", "Bob" },
        { "Q('age', '=', null)", "Eve" },
        { "Q(Q('age', '>=', 18), Q.AND, Q('status', 'in', ['a', 'b']))", "Ann,Bob,Dee" },
        { "Q(Q('age', '>', 30), Q.OR, Q('name', '=', 'Eve'))", "Bob,Eve" },
        { "Q(Q('name', 'Ann'), Q.OR, Q('name', 'Bob'), Q.AND, Q('age', 99))", "Ann" },
        { "Q(Q(Q('age', '<', 30), Q.OR, Q('age', '>', 30)), Q.AND, Q('status', '!=', 'z'))", "Bob,Dee" },
        { "Q('age', '>=', 30) & Q('status', '=', 'a')", "Ann" },
        { "Q('age', '>', 30) | Q('status', '=', 'c')", "Bob,Cid" },
        { "Q('joinedAt', '>', '2026-01-01T00:00:00Z')", "Bob,Cid" },
        { "Q('score', 'range', [1.5, 2.5])", "Ann,Bob" },
        { "Q('active', false)", "Dee" },
        // Aliases and JitAi's upper-case operator names.
        { "Q('age', 'gt', 30)", "Bob" },
        { "Q('age', 'gte', 30)", "Ann,Bob,Cid" },
        { "Q('age', 'lt', 30)", "Dee" },
        { "Q('age', 'lte', 30)", "Ann,Cid,Dee" },
        { "Q('age', 'ne', 30)", "Bob,Dee,Eve" },
        { "Q('age', 'EQ', 30)", "Ann,Cid" },
        { "Q('status', 'NIN', ['a', 'b'])", "Cid,Eve" },
        { "Q('name', 'contains', 'E')", "Dee,Eve" },
        // likeany / nlikeany: contains any / none of the patterns (% and _ literal, case-insensitive).
        { "Q('name', 'likeany', ['nn', 'OB'])", "Ann,Bob" },
        { "Q('email', 'likeany', ['50%', 'zzz'])", "Eve" },
        { "Q('email', 'likeany', ['_'])", "Dee" },
        { "Q('name', 'likeany', [])", "" },
        { "Q('name', 'nlikeany', ['nn', 'OB'])", "Cid,Dee,Eve" },
        { "Q('name', 'nlikeany', [])", "Ann,Bob,Cid,Dee,Eve" },
        { "Q('age', 'likeany', ['4', '5'])", "Bob,Dee" },
        // isnull with 1 / 0.
        { "Q('age', 'isnull', 1)", "Eve" },
        { "Q('age', 'isnull', 0)", "Ann,Bob,Cid,Dee" },
        // Date parts, in UTC; week is ISO (2025-06-01 and 2026-03-01 are Sundays: weeks 22 and 9, not 23 and 10).
        { "Q('joinedAt', 'year', 2026)", "Bob,Cid" },
        { "Q('joinedAt', 'month', 5)", "Cid" },
        { "Q('joinedAt', 'day', 1)", "Ann,Bob,Cid" },
        { "Q('joinedAt', 'week', 9)", "Bob" },
        { "Q('joinedAt', 'week', 22)", "Ann" },
        { "Q('joinedAt', 'week', 18)", "Cid" },
        // Keyword (Django-style) form.
        { "Q(age=30)", "Ann,Cid" },
        { "Q(age__gte=30)", "Ann,Bob,Cid" },
        { "Q(age__ne=30)", "Bob,Dee,Eve" },
        { "Q(status__in=['a', 'b'])", "Ann,Bob,Dee" },
        { "Q(age__range=(25, 30))", "Ann,Cid,Dee" },
        { "Q(age__isnull=True)", "Eve" },
        { "Q(name__likeany=['nn', 'ob'])", "Ann,Bob" },
        { "Q(joinedAt__year=2026)", "Bob,Cid" },
        { "Q(status='a', age=30)", "Ann" },
        { "Q(status='a') & Q(age__gte=18)", "Ann,Dee" },
        { "Q(age__gt=30) | Q(status='c')", "Bob,Cid" },
        // Negation: rows where the inner test is unknown (null) are selected, as with '!='.
        { "~Q(status='a')", "Bob,Cid,Eve" },
        { "~Q('age', '>', 29)", "Dee,Eve" },
        { "~(Q(status='a') | Q(status='b'))", "Cid,Eve" },
        { "~~Q(status='a')", "Ann,Dee" },
        { "Q(Q(age__gt=18) & (Q(status='a') | Q(status='b')))", "Ann,Bob,Dee" },
        { "Q((Q(status='a') | Q(status='c')) & Q(age__gte=30))", "Ann,Cid" },
        { "Q(Q('age', 'gt', 18), Q.AND, ~Q('status', '=', 'a'))", "Bob,Cid" },
    };

    private async Task<ModelStore> SeedAsync()
    {
        var people = await StoreAsync(PeopleJson);
        await people.CreateOrUpdateManyAsync(
        [
            Obj("""{"name": "Ann", "email": "ann@x.com", "age": 30, "status": "a", "score": 1.5, "joinedAt": "2025-06-01T00:00:00Z"}"""),
            Obj("""{"name": "Bob", "email": "bob@x.org", "age": 41, "status": "b", "score": 2.5, "joinedAt": "2026-03-01T00:00:00Z"}"""),
            Obj("""{"name": "Cid", "email": "cid@x.org", "age": 30, "status": "c", "score": 3, "joinedAt": "2026-05-01T08:00:00Z"}"""),
            Obj("""{"name": "Dee", "email": "d_e@x.com", "age": 25, "status": "a", "active": false}"""),
            Obj("""{"name": "Eve", "email": "50%@x.com", "status": null}"""),
        ]);
        return people;
    }

    private static string Names(QueryResult r) => string.Join(",", r.RowDatas.Select(x => (string)x!["name"]!).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task String_form_and_builder_select_the_same_rows(string text, string expected)
    {
        var people = await SeedAsync();
        var parsed = Q.Parse(text);
        Assert.Equal(expected, Names(await people.QueryAsync(parsed)));
        // The builder form (reconstructed from the parsed tree) must select the same rows.
        var rebuilt = Rebuild(parsed);
        Assert.Equal(expected, Names(await people.QueryAsync(rebuilt)));
        // And so must the printed string form.
        Assert.Equal(expected, Names(await people.QueryAsync(Q.Parse(parsed.ToString()))));
        // getCompareResult decides the same in memory, row by row.
        var all = (await people.QueryAsync()).RowDatas.Select(r => r!.AsObject()).ToList();
        var matching = all.Where(r => people.GetCompareResult(parsed, r)).Select(r => (string)r["name"]!).Order(StringComparer.Ordinal);
        Assert.Equal(expected, string.Join(",", matching));
    }

    private static Q Rebuild(Q q) => q switch
    {
        QCondition c => Q.Field(c.FieldName, c.Operator, c.Value),
        QGroup { Connector: QConnector.And } g => Q.And(g.Children.Select(Rebuild).ToArray()),
        QGroup g => Q.Or(g.Children.Select(Rebuild).ToArray()),
        QNot n => ~Rebuild(n.Inner),
        _ => throw new InvalidOperationException(),
    };

    [Fact]
    public async Task Builder_accepts_clr_values()
    {
        var people = await SeedAsync();
        Assert.Equal("Ann,Bob,Dee", Names(await people.QueryAsync(Q.And(Q.Field("age", ">=", 18), Q.Field("status", "in", new[] { "a", "b" })))));
        Assert.Equal("Bob,Eve", Names(await people.QueryAsync(Q.Field("age", ">", 30) | Q.Eq("name", "Eve"))));
        Assert.Equal("Ann,Cid,Dee", Names(await people.QueryAsync(Q.Field("age", "range", new[] { 25, 30 }))));
        Assert.Equal("Bob,Cid", Names(await people.QueryAsync(Q.Field("joinedAt", ">", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc)))));
        Assert.Equal("Ann,Bob", Names(await people.QueryAsync(Q.Field("score", "<=", 2.5m))));
        Assert.Equal("Eve", Names(await people.QueryAsync(Q.Field("age", "isnull", true))));
    }

    [Fact]
    public async Task Builder_has_the_same_operators()
    {
        var people = await SeedAsync();
        Assert.Equal("Bob", Names(await people.QueryAsync(Q.Field("age", "gt", 30))));
        Assert.Equal("Ann,Bob", Names(await people.QueryAsync(Q.Field("name", "likeany", new[] { "nn", "ob" }))));
        Assert.Equal("Cid,Dee,Eve", Names(await people.QueryAsync(Q.Field("name", "nlikeany", new[] { "nn", "ob" }))));
        Assert.Equal("Eve", Names(await people.QueryAsync(Q.Field("age", "isnull", 1))));
        Assert.Equal("Bob", Names(await people.QueryAsync(Q.Field("joinedAt", "week", 9))));
        Assert.Equal("Bob,Cid,Eve", Names(await people.QueryAsync(~Q.Eq("status", "a"))));
        Assert.Equal("Bob,Cid", Names(await people.QueryAsync(Q.Not(Q.Eq("status", "a")) & Q.Field("age", "gte", 18))));
    }

    [Fact]
    public async Task Date_parts_use_utc_and_iso_weeks_on_datetime_and_date_fields()
    {
        if (IsPostgres)
        {
            // A session zone far from UTC (UTC+14), so parts taken in the session's zone would differ: the default for new
            // sessions of this throwaway database, and SET for the pooled session already open (pooled sessions keep it).
            await RawExecAsync("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET timezone TO %L', current_database(), 'Pacific/Kiritimati'); END $$; "
                + "SET timezone TO 'Pacific/Kiritimati'");
            await using var c = await Db.OpenConnectionAsync();
            Assert.Equal("Pacific/Kiritimati", await Dapper.SqlMapper.ExecuteScalarAsync<string>(c, "SHOW timezone"));
        }

        var events = await StoreAsync("""
            {"table": "events", "fields": [
              {"name": "label", "dataType": "Stext"}, {"name": "at", "dataType": "Datetime"}, {"name": "onDate", "dataType": "Date"}
            ]}
            """);
        await events.CreateOrUpdateManyAsync(
        [
            Obj("""{"label": "mon", "at": "2024-12-30T23:59:59Z", "onDate": "2024-12-30"}"""),
            Obj("""{"label": "sun", "at": "2021-01-03T00:00:00Z", "onDate": "2021-01-03"}"""),
            Obj("""{"label": "leap", "at": "2024-02-29T12:00:00.5Z", "onDate": "2024-02-29"}"""),
            Obj("""{"label": "fri", "at": "2027-01-01T00:30:00Z", "onDate": "2027-01-01"}"""),
            Obj("""{"label": "none"}"""),
        ]);
        async Task<string> Labels(string filter)
            => string.Join(",", (await events.QueryAsync(Q.Parse(filter))).RowDatas.Select(r => (string)r!["label"]!).Order(StringComparer.Ordinal));
        foreach (var field in new[] { "at", "onDate" })
        {
            Assert.Equal("leap,mon", await Labels($"Q('{field}', 'year', 2024)"));
            Assert.Equal("fri", await Labels($"Q({field}__year=2027)"));
            Assert.Equal("mon", await Labels($"Q('{field}', 'week', 1)"));
            Assert.Equal("fri,sun", await Labels($"Q('{field}', 'week', 53)"));
            Assert.Equal("leap", await Labels($"Q('{field}', 'week', 9)"));
            Assert.Equal("leap", await Labels($"Q('{field}', 'day', 29)"));
            Assert.Equal("fri,sun", await Labels($"Q('{field}', 'month', 1)"));
            Assert.Equal("mon", await Labels($"Q('{field}', 'month', 12)"));
            Assert.Equal("", await Labels($"Q('{field}', 'month', 13)"));
        }

        var ex = await Assert.ThrowsAsync<FilterException>(() => events.QueryAsync(Q.Parse("Q('label', 'year', 2024)")));
        Assert.Equal("DB_BAD_FILTER", ex.Code);
        Assert.Contains("requires a Datetime or Date field; 'label' is Stext", ex.Message);
    }

    [Theory]
    [InlineData("Q('name', 'belong', {'province': 'Beijing', 'city': '', 'district': ''})", "belong")]
    [InlineData("Q(Q('name', 'nbelong', {\"province\": \"Shanghai\"}))", "nbelong")]
    [InlineData("Q('name', 'province', 'Guangdong')", "province")]
    [InlineData("Q(name__city='深圳')", "city")]
    [InlineData("Q(age__district='Nanshan District')", "district")]
    public async Task Address_operators_are_refused_on_fields_that_are_not_addresses(string filter, string op)
    {
        var people = await SeedAsync();
        var ex = await Assert.ThrowsAsync<FilterException>(() => people.QueryAsync(Q.Parse(filter)));
        Assert.Equal("DB_BAD_FILTER", ex.Code);
        var field = filter.Contains("age", StringComparison.Ordinal) ? "age' is Integer" : "name' is Stext";
        Assert.Contains($"operator '{op}' requires an Address field; '{field}", ex.Message);
    }

    [Fact]
    public async Task Relation_paths_through_fields_that_are_not_relations_are_refused_clearly()
    {
        var people = await SeedAsync();
        foreach (var (filter, reason) in new[]
        {
            ("Q('customer__custName', '=', 'John')", "'customer' is not a field of 'people'"),
            ("Q(customer__custName='John')", "'customer' is not a field of 'people'"),
            ("Q(name__dept__name__like='x')", "'name' of 'people' is Stext, not RelateData"),
        })
        {
            var ex = await Assert.ThrowsAsync<FilterException>(() => people.QueryAsync(Q.Parse(filter)));
            Assert.Equal("DB_BAD_FILTER", ex.Code);
            Assert.Contains("is not a relation path of 'people': " + reason, ex.Message);
            await Assert.ThrowsAsync<FilterException>(() => people.DeleteByFilterAsync(Q.Parse(filter)));
        }
    }

    [Fact]
    public async Task Json_object_filter_means_equality()
    {
        var people = await SeedAsync();
        Assert.Equal("Ann,Dee", Names(await people.QueryAsync(Q.From(JsonNode.Parse("""{"status": "a"}""")))));
        Assert.Equal("Ann", Names(await people.QueryAsync(Q.From(JsonNode.Parse("""{"status": "a", "age": 30}""")))));
        Assert.Equal("Eve", Names(await people.QueryAsync(Q.From(JsonNode.Parse("""{"age": null}""")))));
        Assert.Equal("Bob", Names(await people.QueryAsync(Q.From(JsonValue.Create("Q('age', '>', 30)")))));
        Assert.Equal("Ann,Bob,Cid,Dee,Eve", Names(await people.QueryAsync(Q.From(JsonNode.Parse("{}")))));
    }

    [Fact]
    public async Task Unknown_fields_in_filters_orders_and_field_lists_are_rejected()
    {
        var people = await SeedAsync();
        var ex = await Assert.ThrowsAsync<UnknownFieldException>(() => people.QueryAsync(Q.Parse("Q('nope', '=', 1)")));
        Assert.Equal("DB_UNKNOWN_FIELD", ex.Code);
        Assert.Equal("nope", ex.Field);
        await Assert.ThrowsAsync<UnknownFieldException>(() => people.QueryAsync(Q.From(JsonNode.Parse("""{"name\"; DROP TABLE people; --": 1}"""))));
        await Assert.ThrowsAsync<UnknownFieldException>(() => people.QueryAsync(orderList: [OrderBy.Asc("nope")]));
        await Assert.ThrowsAsync<UnknownFieldException>(() => people.QueryAsync(fieldList: ["name", "password"]));
        Assert.Equal(5, await RawCountAsync("people"));
    }

    [Fact]
    public async Task Hostile_values_are_data_not_sql()
    {
        var people = await StoreAsync(PeopleJson);
        var hostile = HostileStrings.Fixed.Where(s => s.Length <= 50 && !s.Contains('\0') && !s.Any(char.IsSurrogate)).Take(60).ToList();
        for (var i = 0; i < hostile.Count; i++)
        {
            await people.CreateAsync(new JsonObject { ["name"] = hostile[i], ["email"] = "e" + i });
        }

        foreach (var s in hostile)
        {
            var byBuilder = await people.QueryAsync(Q.Eq("name", s));
            Assert.Equal(s, (string)Assert.Single(byBuilder.RowDatas)!["name"]!);
            var byString = await people.QueryAsync(Q.Parse($"Q('name', '=', {QParser.Quote(s)})"));
            Assert.Equal(s, (string)Assert.Single(byString.RowDatas)!["name"]!);
            var contains = await people.QueryAsync(Q.Field("name", "like", s));
            Assert.Contains(contains.RowDatas, r => (string)r!["name"]! == s);
            await people.QueryAsync(Q.Field("name", "in", new[] { s, s + "'" }));
        }
        Assert.Equal(hostile.Count, await RawCountAsync("people"));

        // Text no database can store faithfully (NUL, lone surrogates) is a value error, not a driver crash.
        foreach (var bad in new[] { "a\0b", "\ud83d", "x\udc00y" })
        {
            Assert.Equal("name", (await Assert.ThrowsAsync<InvalidValueException>(() => people.CreateAsync(new JsonObject { ["name"] = bad }))).Field);
            await Assert.ThrowsAsync<InvalidValueException>(() => people.QueryAsync(Q.Eq("name", bad)));
            await Assert.ThrowsAsync<InvalidValueException>(() => people.QueryAsync(Q.Field("name", "like", bad)));
        }
        Assert.Equal("🎉", (string)(await people.CreateAsync(new JsonObject { ["name"] = "🎉", ["email"] = "ok" }))["name"]!);
    }
}
