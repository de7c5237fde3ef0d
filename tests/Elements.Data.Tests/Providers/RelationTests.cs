using System.Text.Json.Nodes;
using Elements.Data.Aggregation;
using Elements.Data.Errors;
using Elements.Data.Filters;
using Elements.Data.Schema;
using Elements.Data.Storage;
using Elements.Data.Tests.Support;

namespace Elements.Data.Tests.Providers;

/// <summary>RelateData, MultiRelateData and SubTable on a real database: foreign keys, joins, expansion, sub rows.</summary>
public abstract class RelationTests(IDatabaseProvider provider) : ProviderTestBase(provider)
{
    private static readonly Dictionary<string, ModelSchema> Models = new(StringComparer.Ordinal)
    {
        ["models.Country"] = Schema("""{"table": "countries", "fields": [{"name": "name", "dataType": "Stext"}]}"""),
        ["models.Customer"] = Schema("""
            {"table": "customers", "fields": [
              {"name": "custName", "dataType": "Stext"},
              {"name": "country", "dataType": "RelateData", "generic": "models.Country"},
              {"name": "orders", "dataType": "MultiRelateData", "generic": "models.Order", "relateField": "customer"}
            ]}
            """),
        ["models.Order"] = Schema("""
            {"table": "orders", "fields": [
              {"name": "orderNo", "dataType": "Stext"},
              {"name": "customer", "dataType": "RelateData", "generic": "models.Customer", "relateFieldType": "AutoInt"},
              {"name": "lines", "dataType": "SubTable", "generic": "models.OrderLine", "relateField": "parentOrder"}
            ]}
            """),
        ["models.OrderLine"] = Schema("""
            {"table": "order_lines", "fields": [
              {"name": "parentOrder", "dataType": "RelateData", "generic": "models.Order"},
              {"name": "product", "dataType": "Stext", "maxLen": 20},
              {"name": "qty", "dataType": "Integer"}
            ]}
            """),
        ["models.Note"] = Schema("""
            {"table": "notes", "fields": [
              {"name": "text", "dataType": "Stext"},
              {"name": "customer", "dataType": "RelateData", "generic": "models.Customer", "onDelete": "setNull"}
            ]}
            """),
        ["models.Visit"] = Schema("""
            {"table": "visits", "fields": [
              {"name": "day", "dataType": "Date"},
              {"name": "customer", "dataType": "RelateData", "generic": "models.Customer", "onDelete": "cascade"}
            ]}
            """),
        ["models.Author"] = Schema("""
            {"table": "authors", "fields": [
              {"name": "code", "dataType": "Stext", "primaryKey": true, "maxLen": 10},
              {"name": "favourite", "dataType": "RelateData", "generic": "models.Book"}
            ]}
            """),
        ["models.Book"] = Schema("""
            {"table": "books", "fields": [
              {"name": "title", "dataType": "Stext"},
              {"name": "author", "dataType": "RelateData", "generic": "models.Author", "relateFieldType": "Stext"}
            ]}
            """),
    };

    private static ModelSchema Resolve(string fullName) =>
        Models.TryGetValue(fullName, out var schema) ? schema : throw new SchemaException($"no model '{fullName}'");

    private async Task<ModelStore> Model(string fullName)
    {
        var store = new ModelStore(Db, Models[fullName], Resolve);
        await store.SyncSchemaAsync();
        return store;
    }

    private sealed record Stores(ModelStore Countries, ModelStore Customers, ModelStore Orders, ModelStore Lines);

    /// <summary>Countries Xland (1), Yland (2); customers Ann (Xland), Bob (Yland), Cid (none); orders A1, A2 (Ann), B1 (Bob), N1 (nobody).</summary>
    private async Task<Stores> SeedAsync()
    {
        var orders = await Model("models.Order");
        var countries = await Model("models.Country");
        var customers = await Model("models.Customer");
        var lines = await Model("models.OrderLine");
        await countries.CreateAsync(Obj("""{"name": "Xland"}"""));
        await countries.CreateAsync(Obj("""{"name": "Yland"}"""));
        await customers.CreateAsync(Obj("""{"custName": "Ann", "country": 1}"""));
        await customers.CreateAsync(Obj("""{"custName": "Bob", "country": 2}"""));
        await customers.CreateAsync(Obj("""{"custName": "Cid"}"""));
        await orders.CreateAsync(Obj("""{"orderNo": "A1", "customer": 1}"""));
        await orders.CreateAsync(Obj("""{"orderNo": "A2", "customer": 1}"""));
        await orders.CreateAsync(Obj("""{"orderNo": "B1", "customer": 2}"""));
        await orders.CreateAsync(Obj("""{"orderNo": "N1"}"""));
        return new Stores(countries, customers, orders, lines);
    }

    private static string Names(QueryResult result, string field = "orderNo") =>
        string.Join(",", result.RowDatas.Select(r => r![field]!.GetValue<string>()).Order(StringComparer.Ordinal));

    [Theory]
    [InlineData("Q('customer__custName', '=', 'Ann')", "A1,A2")]
    [InlineData("Q(customer__custName='Bob')", "B1")]
    [InlineData("Q(customer__custName__like='n')", "A1,A2")]
    [InlineData("Q('customer__country__name', 'in', ['Xland', 'Yland'])", "A1,A2,B1")]
    [InlineData("Q('customer__custName', 'isnull', True)", "N1")]
    [InlineData("Q('customer__custName', '!=', 'Ann')", "B1,N1")]
    [InlineData("~Q('customer__country__name', '=', 'Xland') & Q('orderNo', 'startswith', 'B')", "B1")]
    [InlineData("Q('customer__id', '=', 2) | Q('customer__country__id', '=', 1)", "A1,A2,B1")]
    public async Task Relation_paths_filter_through_joins(string filter, string expected)
    {
        var s = await SeedAsync();
        Assert.Equal(expected, Names(await s.Orders.QueryAsync(Q.Parse(filter))));
        Assert.Equal(expected.Split(',').Length, await s.Orders.CountAsync(Q.Parse(filter)));
        // The typed path joins in one statement and selects the same rows.
        Assert.Equal(expected, string.Join(",", (await s.Orders.QueryAsync<TypedOrder>(Q.Parse(filter))).Select(o => o.OrderNo).Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task GroupBy_and_aggregate_models_group_by_related_fields()
    {
        var s = await SeedAsync();
        var byCustomer = await s.Orders.GroupByAsync(null, [GroupByItem.Parse("customer__custName"), GroupByItem.Parse("COUNT(*) as n")]);
        Assert.Equal("""[{"customer__custName":"Ann","n":2},{"customer__custName":"Bob","n":1},{"customer__custName":null,"n":1}]""",
            byCustomer.RowDatas.ToJsonString());
        var inXland = await s.Orders.GroupByAsync(Q.Parse("Q(customer__country__name='Xland')"), [GroupByItem.Parse("customer__custName as who"), GroupByItem.Parse("COUNT(*) as n")]);
        Assert.Equal("""[{"who":"Ann","n":2}]""", inXland.RowDatas.ToJsonString());

        // An aggregate model over two models: orders counted per customer country.
        var byCountry = ModelStore.Aggregate(s.Orders, "models.OrdersByCountry", AggregateDefinition.FromJson(JsonNode.Parse(
            """{"from": "models.Order", "filter": "Q(orderNo__startswith='A') | Q(orderNo__startswith='B')", "fieldList": ["customer__country__name as country", "COUNT(*) as orders"]}""")!.AsObject()));
        Assert.Equal("""[{"country":"Xland","orders":2},{"country":"Yland","orders":1}]""", (await byCountry.QueryAsync()).RowDatas.ToJsonString());
        Assert.Equal("""[{"country":"Yland","orders":1}]""", (await byCountry.QueryAsync(Q.Field("orders", "<", 2))).RowDatas.ToJsonString());
    }

    [Fact]
    public async Task Typed_reads_order_by_relation_paths()
    {
        var s = await SeedAsync();
        var byCustomer = await s.Orders.QueryAsync<TypedOrder>(null, [OrderBy.Desc("customer__country__name"), OrderBy.Asc("orderNo")]);
        // Nulls last ascending, first descending, on both databases: N1 has no customer.
        Assert.Equal(["N1", "B1", "A1", "A2"], byCustomer.Select(o => o.OrderNo));
        Assert.Equal([(long?)2L, 1L, 1L], byCustomer.Skip(1).Select(o => o.Customer));
        var first = await s.Orders.GetAsync<TypedOrder>(Q.Parse("Q(customer__custName__startswith='A')"), [OrderBy.Desc("orderNo")]);
        Assert.Equal("A2", first!.OrderNo);
    }

    private sealed class TypedOrder
    {
        public long Id { get; set; }

        public string? OrderNo { get; set; }

        public long? Customer { get; set; }
    }

    [Fact]
    public async Task Field_and_order_lists_take_relation_paths_and_pages_count_own_rows()
    {
        var s = await SeedAsync();
        var result = await s.Orders.QueryAsync(Q.Parse("Q('customer', 'isnull', False)"),
            ["orderNo", "customer__custName", "customer__country__name"], [OrderBy.Desc("customer__custName"), OrderBy.Asc("orderNo")], 1, 2);
        Assert.Equal(3, result.TotalCount);
        Assert.Equal("""[{"orderNo":"B1","customer__custName":"Bob","customer__country__name":"Yland"},{"orderNo":"A1","customer__custName":"Ann","customer__country__name":"Xland"}]""",
            result.RowDatas.ToJsonString());
        var row = (await s.Orders.QueryAsync(Q.Parse("Q('orderNo', 'N1')"), ["orderNo", "customer__custName"])).RowDatas[0]!;
        Assert.Null(row["customer__custName"]);
        Assert.True(row.AsObject().ContainsKey("customer__custName"));
    }

    [Fact]
    public async Task Unknown_path_segments_name_the_path()
    {
        var s = await SeedAsync();
        var unknown = await Assert.ThrowsAsync<UnknownFieldException>(() => s.Orders.QueryAsync(null, ["customer__nope"]));
        Assert.Equal(DataErrorCodes.UnknownField, unknown.Code);
        Assert.Contains("customer__nope", unknown.Message);
        Assert.Contains("'nope' is not a field of 'customers'", unknown.Message);
        var notRelation = await Assert.ThrowsAsync<UnknownFieldException>(() => s.Orders.QueryAsync(null, null, [OrderBy.Asc("orderNo__x")]));
        Assert.Contains("'orderNo' of 'orders' is Stext, not RelateData", notRelation.Message);
        var filter = await Assert.ThrowsAsync<FilterException>(() => s.Orders.QueryAsync(Q.Parse("Q('customer__country__zzz', '=', 1)")));
        Assert.Equal(DataErrorCodes.BadFilter, filter.Code);
        Assert.Contains("'customer__country__zzz' is not a relation path of 'orders'", filter.Message);
        var deep = await Assert.ThrowsAsync<FilterException>(() => s.Orders.CountAsync(Q.Parse("Q('a__b__c__d__e__f__g', '=', 1)")));
        Assert.Contains("at most 5", deep.Message);
    }

    [Fact]
    public async Task Deleting_a_referenced_row_is_refused_under_restrict_and_changes_nothing()
    {
        var s = await SeedAsync();
        var ex = await Assert.ThrowsAsync<ReferencedRowException>(() => s.Customers.DeleteByPKAsync(1));
        Assert.Equal(DataErrorCodes.Referenced, ex.Code);
        Assert.Contains("Cannot delete from 'customers'", ex.Message);
        if (IsPostgres)
        {
            Assert.Equal("orders", ex.ReferencingTable);
            Assert.Equal("customer", ex.ReferencingField);
        }

        await Assert.ThrowsAsync<ReferencedRowException>(() => s.Customers.DeleteByFilterAsync(Q.Parse("Q('custName', 'in', ['Ann', 'Cid'])")));
        Assert.Equal(3, await RawCountAsync("customers"));
        Assert.True(await s.Customers.DeleteByPKAsync(3));
        Assert.Equal(2, await RawCountAsync("customers"));
    }

    [Fact]
    public async Task Cascade_deletes_and_set_null_clears_the_pointing_rows()
    {
        var s = await SeedAsync();
        var notes = await Model("models.Note");
        var visits = await Model("models.Visit");
        await notes.CreateAsync(Obj("""{"text": "likes tea", "customer": 3}"""));
        await visits.CreateAsync(Obj("""{"day": "2026-12-01", "customer": 3}"""));
        await visits.CreateAsync(Obj("""{"day": "2026-12-02", "customer": 2}"""));
        Assert.True(await s.Customers.DeleteByPKAsync(3));
        var note = (await notes.GetByPKAsync(1))!;
        Assert.Null(note["customer"]);
        Assert.Equal("likes tea", note["text"]!.GetValue<string>());
        Assert.Equal(1, await RawCountAsync("visits"));
    }

    [Fact]
    public async Task A_key_no_related_row_has_is_a_bad_value_naming_the_field()
    {
        var s = await SeedAsync();
        var ex = await Assert.ThrowsAsync<InvalidValueException>(() => s.Orders.CreateAsync(Obj("""{"orderNo": "X", "customer": 99}""")));
        Assert.Equal(DataErrorCodes.BadValue, ex.Code);
        Assert.Equal("customer", ex.Field);
        Assert.Contains("models.Customer", ex.Message);
        var update = await Assert.ThrowsAsync<InvalidValueException>(() => s.Orders.UpdateByPKAsync(1, Obj("""{"customer": 42}""")));
        Assert.Equal("customer", update.Field);
        Assert.Equal(4, await RawCountAsync("orders"));
        Assert.Equal(1, (await s.Orders.GetByPKAsync(1))!["customer"]!.GetValue<long>());
    }

    [Fact]
    public async Task Levels_expand_related_rows_and_lists()
    {
        var s = await SeedAsync();
        var a1 = Q.Parse("Q('orderNo', 'A1')");
        Assert.Equal("""{"id":1,"orderNo":"A1","customer":1}""", (await s.Orders.GetAsync(a1, null, 0))!.ToJsonString());
        Assert.Equal("""{"id":1,"orderNo":"A1","customer":{"id":1,"custName":"Ann","country":1},"lines":[]}""",
            (await s.Orders.GetAsync(a1, null, 1))!.ToJsonString());
        var two = (await s.Orders.GetAsync(a1, null, 2))!;
        Assert.Equal("""{"id":1,"name":"Xland"}""", two["customer"]!["country"]!.ToJsonString());
        Assert.Equal(2, two["customer"]!["orders"]!.AsArray().Count);
        Assert.Null((await s.Orders.GetAsync(Q.Parse("Q('orderNo', 'N1')"), null, 2))!["customer"]);

        var customers = await s.Customers.QueryAsync(null, null, [OrderBy.Asc("custName")], null, null, 1);
        Assert.Equal(["A1,A2", "B1", ""], customers.RowDatas.Select(c => string.Join(",", c!["orders"]!.AsArray().Select(o => o!["orderNo"]!.GetValue<string>()))));
        Assert.Equal("""{"id":2,"name":"Yland"}""", customers.RowDatas[1]!["country"]!.ToJsonString());
        // Listing a list field loads it at level 0, with the child rows unexpanded.
        var listed = await s.Customers.QueryAsync(Q.Parse("Q('custName', 'Bob')"), ["custName", "orders"]);
        Assert.Equal("""[{"custName":"Bob","orders":[{"id":3,"orderNo":"B1","customer":2}]}]""", listed.RowDatas.ToJsonString());
        await Assert.ThrowsAsync<InvalidValueException>(() => s.Orders.GetAsync(null, null, 6));
    }

    [Fact]
    public async Task Expanded_rows_write_back_unchanged_and_objects_stand_for_their_keys()
    {
        var s = await SeedAsync();
        var read = (await s.Orders.GetAsync(Q.Parse("Q('orderNo', 'B1')"), null, 2))!;
        read.Remove("id");
        read["orderNo"] = "B2";
        var copy = await s.Orders.CreateAsync(read);
        Assert.Equal(2, copy["customer"]!.GetValue<long>());
        var customer = (await s.Customers.GetByPKAsync(1))!;
        var moved = await s.Orders.UpdateByPKAsync(copy["id"]!.GetValue<long>(), new JsonObject { ["customer"] = customer.DeepClone() });
        Assert.Equal(1, moved["customer"]!.GetValue<long>());
        var ex = await Assert.ThrowsAsync<InvalidValueException>(() => s.Orders.CreateAsync(Obj("""{"customer": {"custName": "Ann"}}""")));
        Assert.Contains("must carry its key 'id'", ex.Message);
    }

    [Fact]
    public async Task Sub_rows_are_written_replaced_read_and_deleted_with_their_parent()
    {
        var s = await SeedAsync();
        var order = await s.Orders.CreateAsync(Obj("""{"orderNo": "S1", "customer": 1, "lines": [{"product": "tea", "qty": 2}, {"product": "cup", "qty": 1}]}"""));
        var id = order["id"]!.GetValue<long>();
        Assert.Equal(2, order["lines"]!.AsArray().Count);
        Assert.All(order["lines"]!.AsArray(), l => Assert.Equal(id, l!["parentOrder"]!.GetValue<long>()));
        var read = (await s.Orders.GetAsync(Q.Parse("Q('orderNo', 'S1')"), null, 1))!;
        Assert.Equal("tea,cup", string.Join(",", read["lines"]!.AsArray().Select(l => l!["product"]!.GetValue<string>())));

        var replaced = await s.Orders.UpdateByPKAsync(id, Obj("""{"lines": [{"product": "pot", "qty": 1}]}"""));
        Assert.Equal("pot", replaced["lines"]![0]!["product"]!.GetValue<string>());
        Assert.Equal(1, await RawCountAsync("order_lines"));
        // JitAi's list form replaces the lists of every named parent.
        var listed = await s.Orders.UpdateByPKAsync([id, 1L], Obj("""{"lines": [{"product": "pot", "qty": 3}]}"""));
        Assert.Equal([3L, 3L], listed.Select(r => r["lines"]![0]!["qty"]!.GetValue<long>()));
        Assert.Equal(2, await RawCountAsync("order_lines"));
        await s.Orders.UpdateByPKAsync([1L], Obj("""{"lines": []}"""));
        Assert.Equal(1, await RawCountAsync("order_lines"));
        // updateByPK without the list leaves the sub rows alone.
        await s.Orders.UpdateByPKAsync(id, Obj("""{"orderNo": "S1b"}"""));
        Assert.Equal(1, await RawCountAsync("order_lines"));

        // The child's pointer is restrict, yet deleting the parent deletes its sub rows first.
        Assert.True(await s.Orders.DeleteByPKAsync(id));
        Assert.Equal(0, await RawCountAsync("order_lines"));
        await s.Orders.CreateAsync(Obj("""{"orderNo": "S2", "lines": [{"product": "a"}]}"""));
        Assert.Equal(1, await s.Orders.DeleteByFilterAsync(Q.Parse("Q('orderNo', 'S2')")));
        Assert.Equal(0, await RawCountAsync("order_lines"));
        var s3 = await s.Orders.CreateAsync(Obj("""{"orderNo": "S3", "lines": [{"product": "a"}, {"product": "b"}]}"""));
        Assert.Equal(1, await s.Orders.DeleteByPKAsync([s3["id"]!.GetValue<long>(), 999L]));
        Assert.Equal(0, await RawCountAsync("order_lines"));
        await Assert.ThrowsAsync<ReferencedRowException>(() => s.Customers.DeleteByPKAsync([1L, 3L]));
        Assert.Equal(3, await RawCountAsync("customers"));
        await Assert.ThrowsAsync<InvalidValueException>(() => s.Orders.UpdateByFilterAsync(Q.Parse("Q('orderNo', 'A1')"), Obj("""{"lines": []}""")));
    }

    [Fact]
    public async Task An_invalid_sub_row_stores_nothing()
    {
        var s = await SeedAsync();
        var bad = await Assert.ThrowsAsync<InvalidValueException>(() => s.Orders.CreateAsync(
            Obj("""{"orderNo": "S1", "lines": [{"product": "tea", "qty": 2}, {"product": "this name is far too long", "qty": 1}]}""")));
        Assert.Equal("product", bad.Field);
        var notList = await Assert.ThrowsAsync<InvalidValueException>(() => s.Orders.CreateAsync(Obj("""{"orderNo": "S1", "lines": {"product": "x"}}""")));
        Assert.Equal("lines", notList.Field);
        Assert.Equal(4, await RawCountAsync("orders"));
        Assert.Equal(0, await RawCountAsync("order_lines"));

        await s.Orders.UpdateByPKAsync(1, Obj("""{"lines": [{"product": "ok"}]}"""));
        await Assert.ThrowsAsync<InvalidValueException>(() => s.Orders.UpdateByPKAsync(1, Obj("""{"orderNo": "changed", "lines": [{"qty": "many"}]}""")));
        Assert.Equal("A1", (await s.Orders.GetByPKAsync(1))!["orderNo"]!.GetValue<string>());
        Assert.Equal(1, await RawCountAsync("order_lines"));
    }

    [Fact]
    public async Task Filters_with_paths_update_and_delete_the_model_own_rows()
    {
        var s = await SeedAsync();
        Assert.Equal(2, await s.Orders.UpdateByFilterAsync(Q.Parse("Q('customer__country__name', 'Xland')"), Obj("""{"orderNo": "X"}""")));
        Assert.Equal("B1,N1,X,X", Names(await s.Orders.QueryAsync()));
        Assert.Equal(1, await s.Orders.DeleteByFilterAsync(Q.Parse("Q('customer__custName', 'Bob')")));
        Assert.Equal("N1,X,X", Names(await s.Orders.QueryAsync()));
    }

    [Fact]
    public async Task Models_relating_to_each_other_sync_in_either_order_with_both_keys()
    {
        var books = await Model("models.Book");
        var authors = await Model("models.Author");
        await authors.CreateAsync(Obj("""{"code": "ann"}"""));
        var book = await books.CreateAsync(Obj("""{"title": "T", "author": "ann"}"""));
        await authors.UpdateByPKAsync("ann", Obj($$"""{"favourite": {{book["id"]}}}"""));
        await Assert.ThrowsAsync<InvalidValueException>(() => books.CreateAsync(Obj("""{"title": "U", "author": "bob"}""")));
        await Assert.ThrowsAsync<InvalidValueException>(() => authors.CreateAsync(Obj("""{"code": "cid", "favourite": 7}""")));
        await Assert.ThrowsAsync<ReferencedRowException>(() => authors.DeleteByPKAsync("ann"));
        await Assert.ThrowsAsync<ReferencedRowException>(() => books.DeleteByPKAsync(book["id"]!));
        Assert.Equal("T", (await authors.GetAsync(null, null, 1))!["favourite"]!["title"]!.GetValue<string>());
        // A second sync finds everything in place.
        Assert.False((await books.SyncSchemaAsync()).Changed);
        Assert.False((await authors.SyncSchemaAsync()).Changed);
    }

    [Fact]
    public async Task A_store_without_a_resolver_refuses_relations_clearly()
    {
        var store = new ModelStore(Db, Models["models.Order"]);
        var ex = await Assert.ThrowsAsync<SchemaException>(() => store.SyncSchemaAsync());
        Assert.Contains("'models.Customer' cannot be resolved", ex.Message);
    }
}
