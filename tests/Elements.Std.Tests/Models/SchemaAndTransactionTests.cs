using System.Text.Json.Nodes;
using Elements.Data.Filters;
using Elements.Std.Models;
using Elements.Std.Tests.Support;

namespace Elements.Std.Tests.Models;

/// <summary>Schema sync (first use, explicit, drift) and transactions spanning two models via the database element.</summary>
public abstract class SchemaAndTransactionTests(IAppDatabase database) : AppTestBase(database)
{
    private const string DriftJson = """
        {"title": "Drift", "type": "models.NormalType", "table": "drift_items",
         "fields": [{"name": "label", "dataType": "Stext", "maxLen": 30}, {"name": "amount", "dataType": "Integer"}, {"name": "note", "dataType": "Ltext"}]}
        """;

    private const string PricedJson = """
        {"title": "Priced", "type": "models.NormalType",
         "fields": [{"name": "label", "dataType": "Stext"}, {"name": "price", "dataType": "Numeric"}, {"name": "total", "dataType": "Money"}]}
        """;

    protected override Task BeforeLoadAsync(AppFolder folder)
    {
        folder.WriteElement("models.Drift", DriftJson);
        folder.WriteElement("models.Priced", PricedJson);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_table_is_created_at_first_use_once_even_under_concurrent_first_calls()
    {
        var model = App.GetElement<ModelElement>("models.Todo");
        Assert.Null(model.LastSyncResult);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            InvokeAsync("models.Todo", "create", $$$"""{"rowData": {"title": "t{{{i}}}", "code": "C{{{i}}}"}}""")));

        Assert.NotNull(model.LastSyncResult);
        Assert.True(model.LastSyncResult!.CreatedTable);
        Assert.Equal("models_Todo", model.Schema.Table);
        Assert.Equal(20, await RawCountAsync("models_Todo"));
        var again = await model.SyncSchemaAsync();
        Assert.False(again.Changed);
        Assert.Empty(again.Diagnostics);
    }

    [Fact]
    public async Task Sync_adds_missing_columns_and_reports_type_drift_without_touching_data()
    {
        // An older version of the table: 'amount' as text (drift), 'note' missing (to be added), one row of data.
        await RawExecAsync(IsPostgres
            ? "CREATE TABLE drift_items (id bigserial PRIMARY KEY, label varchar(30), amount text)"
            : "CREATE TABLE drift_items (id INTEGER PRIMARY KEY AUTOINCREMENT, label VARCHAR(30), amount TEXT)");
        await RawExecAsync("INSERT INTO drift_items (label, amount) VALUES ('kept', 'abc')");

        var results = await ModelSync.SyncAllAsync(App);

        var drift = Assert.Single(results, r => r.Model == "models.Drift");
        Assert.True(drift.Succeeded);
        Assert.Equal("drift_items", drift.Table);
        Assert.Equal("databases.Default", drift.Database);
        Assert.Equal(["note"], drift.Result!.AddedColumns);
        var diagnostic = Assert.Single(drift.Diagnostics);
        Assert.Equal("TYPE_DRIFT", diagnostic.Code);
        Assert.Equal("amount", diagnostic.Field);
        Assert.Equal(1, await RawCountAsync("drift_items"));
        Assert.Contains(results, r => r.Model == "models.Todo" && r.Succeeded && r.Result!.CreatedTable);
        Assert.Contains(results, r => r.Model == "models.Tag" && r.Succeeded);
        Assert.Contains(results, r => r.Model == "wechat.models.AccessTokenModel" && r.Succeeded);
        Assert.All(results, r => Assert.Null(r.ErrorCode));
    }

    [Fact]
    public async Task A_transaction_on_the_database_element_spans_two_models_and_commits()
    {
        await DefaultDatabase.RunInTransactionAsync(async ct =>
        {
            await InvokeAsync("models.Todo", "create", """{"rowData": {"title": "with tag", "code": "X1"}}""");
            await InvokeAsync("models.Tag", "create", """{"rowData": {"name": "urgent", "todoCode": "X1"}}""");
        });

        Assert.Equal(1, await RawCountAsync("models_Todo"));
        Assert.Equal(1, await RawCountAsync("todo_tags"));
    }

    [Fact]
    public async Task A_failure_in_the_second_model_rolls_back_the_first()
    {
        await InvokeAsync("models.Tag", "create", """{"rowData": {"name": "urgent"}}""");

        var ex = await Assert.ThrowsAnyAsync<ElementException>(() => DefaultDatabase.RunInTransactionAsync(async ct =>
        {
            await InvokeAsync("models.Todo", "create", """{"rowData": {"title": "orphan", "code": "X2"}}""");
            await InvokeAsync("models.Tag", "create", """{"rowData": {"name": "urgent", "todoCode": "X2"}}""");
        }));

        Assert.Equal("DB_CONSTRAINT", ex.Code);
        // models.Todo was first used inside the transaction, so even its table creation was rolled back; the next use
        // outside a transaction syncs again.
        Assert.Null(App.GetElement<ModelElement>("models.Todo").LastSyncResult);
        Assert.Equal(0, await CountAsync("models.Todo"));
        Assert.Equal(1, await RawCountAsync("todo_tags"));
    }

    [Fact]
    public async Task An_explicit_transaction_not_committed_is_rolled_back_even_for_a_model_first_used_inside_it()
    {
        // models.Tag has never been used: its first sync runs inside the transaction and is not taken as done.
        await using (var transaction = await DefaultDatabase.BeginTransactionAsync())
        {
            await InvokeAsync("models.Tag", "create", """{"rowData": {"name": "temp"}}""");
            await InvokeAsync("models.Todo", "create", """{"rowData": {"title": "temp", "code": "X3"}}""");
            await transaction.RollbackAsync();
        }

        Assert.Null(App.GetElement<ModelElement>("models.Tag").LastSyncResult);
        Assert.Null(await InvokeAsync("models.Tag", "get", """{"filter": {"name": "temp"}}"""));
        Assert.NotNull(App.GetElement<ModelElement>("models.Tag").LastSyncResult);
        Assert.Equal(0, await RawCountAsync("todo_tags"));
        Assert.Equal(0, await CountAsync("models.Todo"));
    }

    private async Task<long> CountAsync(string model) =>
        (await InvokeAsync(model, "query", "{}"))!["totalCount"]!.GetValue<long>();

    [Fact]
    public async Task Typed_access_maps_rows_to_classes()
    {
        await InvokeAsync("models.Todo", "createOrUpdateMany",
            """{"rowDataList": [{"title": "a", "code": "P1", "priority": 1}, {"title": "b", "code": "P2", "priority": 2}, {"title": "c", "code": "P3", "priority": 3}]}""");
        var model = App.GetElement<ModelElement>("models.Todo");

        var rows = await model.QueryAsync<TodoRow>(Q.Field("priority", ">=", 2), [OrderBy.Desc("priority")]);
        var one = await model.GetAsync<TodoRow>(Q.Eq("code", "P1"));

        Assert.Equal(["P3", "P2"], rows.Select(r => r.Code));
        Assert.Equal("a", one!.Title);
        Assert.True(one.Id > 0);
    }

    [Fact]
    public async Task Typed_access_reads_numeric_columns_holding_whole_and_fractional_values()
    {
        // SQLite keeps 12.5 as REAL and 8 as INTEGER in one NUMERIC column; typed reads used to fail on the second.
        await InvokeAsync("models.Priced", "createOrUpdateMany",
            """{"rowDataList": [{"label": "a", "price": 12.5, "total": 12.5}, {"label": "b", "price": 8, "total": 8}, {"label": "c", "price": -0.01, "total": 0}]}""");
        var model = App.GetElement<ModelElement>("models.Priced");

        var rows = await model.QueryAsync<PricedRow>(orderList: [OrderBy.Asc("label")]);
        var json = (await InvokeAsync("models.Priced", "query", """{"orderList": [["label", 1]]}"""))!["rowDatas"]!.AsArray();

        Assert.Equal([12.5m, 8m, -0.01m], rows.Select(r => r.Price));
        Assert.Equal([12.5, 8.0, 0.0], rows.Select(r => r.Total));
        Assert.Equal(json.Select(r => r!["price"]!.GetValue<decimal>()), rows.Select(r => r.Price));
        Assert.Equal(8m, (await model.GetAsync<PricedRow>(Q.Eq("label", "b")))!.Price);
    }

    [Fact]
    public void The_default_database_is_the_provider_the_app_chose()
    {
        Assert.Equal(Database.Provider, DefaultDatabase.Provider);
        Assert.Equal("databases.Default", App.GetElement<ModelElement>("models.Todo").DatabaseName);
        Assert.Same(DefaultDatabase, App.GetElement<ModelElement>("models.Tag").DatabaseElement);
    }

    [Fact]
    public async Task The_token_model_is_not_callable_from_outside()
    {
        var ex = await Assert.ThrowsAnyAsync<ElementException>(() =>
            App.InvokeAsync("wechat.models.AccessTokenModel", "query", new JsonObject()));

        Assert.Equal("EL_UNKNOWN_FUNCTION", ex.Code);
    }
}
