using System.Text.Json.Nodes;
using Elements.Data.Errors;
using Elements.Data.Filters;
using Elements.Data.Storage;
using Elements.Data.Tests.Support;

namespace Elements.Data.Tests.Providers;

public abstract class SchemaSyncTests(IDatabaseProvider provider) : ProviderTestBase(provider)
{
    private const string V1 = """
        {"table": "items", "fields": [
          {"name": "sku", "dataType": "Stext", "maxLen": 20},
          {"name": "qty", "dataType": "Integer"},
          {"name": "note", "dataType": "Ltext"}
        ]}
        """;

    private const string V2 = """
        {"table": "items", "fields": [
          {"name": "sku", "dataType": "Stext", "maxLen": 20, "unique": true},
          {"name": "qty", "dataType": "Integer", "dbIndex": true},
          {"name": "note", "dataType": "Ltext"},
          {"name": "price", "dataType": "Money"},
          {"name": "tags", "dataType": "JitDict"},
          {"name": "shelf", "dataType": "Stext"},
          {"name": "bin", "dataType": "Integer"}
        ],
        "unionUniqueList": [["shelf", "bin"]],
        "unionIndexList": [["qty", "price"]]}
        """;

    [Fact]
    public async Task Sync_creates_the_table_and_is_idempotent()
    {
        var first = await Db.SyncSchemaAsync(Schema(V2));
        Assert.True(first.CreatedTable);
        Assert.True(first.Changed);
        Assert.Empty(first.Diagnostics);
        Assert.Equal(4, first.AddedIndexes.Count);

        var second = await Db.SyncSchemaAsync(Schema(V2));
        Assert.False(second.CreatedTable);
        Assert.False(second.Changed);
        Assert.Empty(second.AddedColumns);
        Assert.Empty(second.AddedIndexes);
        Assert.Empty(second.Diagnostics);
    }

    [Fact]
    public async Task Sync_adds_missing_columns_and_indexes_keeping_rows()
    {
        var v1 = await StoreAsync(V1);
        await v1.CreateAsync(Obj("""{"sku": "a", "qty": 1}"""));
        await v1.CreateAsync(Obj("""{"sku": "b", "qty": 2}"""));

        var result = await Db.SyncSchemaAsync(Schema(V2));
        Assert.False(result.CreatedTable);
        Assert.Equal(["price", "tags", "shelf", "bin"], result.AddedColumns);
        Assert.Contains("ux_items_sku", result.AddedIndexes);
        Assert.Contains("ix_items_qty", result.AddedIndexes);
        Assert.Contains("ux_items_shelf_bin", result.AddedIndexes);
        Assert.Contains("ix_items_qty_price", result.AddedIndexes);
        Assert.Empty(result.Diagnostics);

        var v2 = new ModelStore(Db, Schema(V2));
        var old = await v2.GetAsync(Q.Eq("sku", "a"));
        Assert.Equal(1L, (long)old!["qty"]!);
        Assert.Null(old["price"]);
        var added = await v2.CreateAsync(Obj("""{"sku": "c", "price": 2.5, "tags": {"x": 1}, "shelf": "s", "bin": 1}"""));
        Assert.Equal(2.5m, (decimal)added["price"]!);

        // The new unique indexes are enforced.
        var dup = await Assert.ThrowsAsync<ConstraintViolationException>(() => v2.CreateAsync(Obj("""{"sku": "a"}""")));
        Assert.Equal(["sku"], dup.Fields);
        var dupPair = await Assert.ThrowsAsync<ConstraintViolationException>(() => v2.CreateAsync(Obj("""{"sku": "d", "shelf": "s", "bin": 1}""")));
        Assert.Equal(["shelf", "bin"], dupPair.Fields);
        Assert.Equal(3, await RawCountAsync("items"));
    }

    [Fact]
    public async Task Type_change_is_reported_as_drift_and_not_applied()
    {
        var v1 = await StoreAsync(V1);
        await v1.CreateAsync(Obj("""{"sku": "a", "qty": 7}"""));
        var changed = V1.Replace("""{"name": "qty", "dataType": "Integer"}""", """{"name": "qty", "dataType": "Stext", "maxLen": 5}""", StringComparison.Ordinal);

        var result = await Db.SyncSchemaAsync(Schema(changed));
        var drift = Assert.Single(result.Diagnostics);
        Assert.Equal("TYPE_DRIFT", drift.Code);
        Assert.Equal("qty", drift.Field);
        Assert.Contains("qty", drift.Message);
        Assert.False(result.Changed);

        // Stext length change is drift too.
        var longer = V1.Replace("\"maxLen\": 20", "\"maxLen\": 40", StringComparison.Ordinal);
        Assert.Equal("sku", Assert.Single((await Db.SyncSchemaAsync(Schema(longer))).Diagnostics).Field);

        var original = await v1.GetAsync(Q.Eq("sku", "a"));
        Assert.Equal(7L, (long)original!["qty"]!);
    }

    [Fact]
    public async Task Sync_never_drops_columns_and_reports_them()
    {
        var v1 = await StoreAsync(V1);
        await v1.CreateAsync(Obj("""{"sku": "a", "qty": 1, "note": "keep me"}"""));
        var withoutNote = """{"table": "items", "fields": [{"name": "sku", "dataType": "Stext", "maxLen": 20}, {"name": "qty", "dataType": "Integer"}]}""";

        var result = await Db.SyncSchemaAsync(Schema(withoutNote));
        var extra = Assert.Single(result.Diagnostics);
        Assert.Equal("EXTRA_COLUMN", extra.Code);
        Assert.Equal("note", extra.Field);

        // The column and its data are still there.
        var row = await v1.GetAsync(Q.Eq("sku", "a"));
        Assert.Equal("keep me", (string)row!["note"]!);
        // The narrower model still works on the wider table.
        var narrow = new ModelStore(Db, Schema(withoutNote));
        var created = await narrow.CreateAsync(Obj("""{"sku": "b"}"""));
        Assert.Equal(["id", "sku", "qty"], created.Select(p => p.Key));
    }

    [Fact]
    public async Task Unique_index_over_duplicate_rows_is_a_diagnostic_and_the_rest_is_applied()
    {
        var v1 = await StoreAsync(V1);
        await v1.CreateAsync(Obj("""{"sku": "same"}"""));
        await v1.CreateAsync(Obj("""{"sku": "same"}"""));

        var result = await Db.SyncSchemaAsync(Schema(V2));
        var failed = Assert.Single(result.Diagnostics);
        Assert.Equal("UNIQUE_FAILED", failed.Code);
        Assert.Equal("sku", failed.Field);
        Assert.Contains("price", result.AddedColumns);
        Assert.Contains("ix_items_qty", result.AddedIndexes);
        Assert.Equal(2, await RawCountAsync("items"));
    }

    [Fact]
    public async Task Explicit_and_implicit_primary_keys_work()
    {
        var implicitKey = await StoreAsync("""{"table": "notes", "fields": [{"name": "text", "dataType": "Ltext"}]}""");
        Assert.True(implicitKey.Schema.HasImplicitPrimaryKey);
        var n1 = await implicitKey.CreateAsync(Obj("""{"text": "a"}"""));
        var n2 = await implicitKey.CreateAsync(new JsonObject());
        Assert.Equal((long)n1["id"]! + 1, (long)n2["id"]!);

        var coded = await StoreAsync("""{"table": "codes", "fields": [{"name": "code", "dataType": "Stext", "maxLen": 8, "primaryKey": true}, {"name": "n", "dataType": "Integer"}]}""");
        await coded.CreateAsync(Obj("""{"code": "X1", "n": 1}"""));
        var dup = await Assert.ThrowsAsync<ConstraintViolationException>(() => coded.CreateAsync(Obj("""{"code": "X1", "n": 2}""")));
        Assert.Equal(["code"], dup.Fields);
        Assert.Equal(1L, (long)(await coded.GetByPKAsync("X1"))!["n"]!);
    }
}
