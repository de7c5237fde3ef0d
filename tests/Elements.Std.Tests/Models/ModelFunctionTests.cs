using System.Text.Json.Nodes;
using Elements.Std.Tests.Support;

namespace Elements.Std.Tests.Models;

/// <summary>Every model function through <see cref="ElementApp.InvokeAsync"/>, the path the CLI and the HTTP API use.</summary>
public abstract class ModelFunctionTests(IAppDatabase database) : AppTestBase(database)
{
    private async Task SeedAsync()
    {
        await InvokeAsync("models.Todo", "createOrUpdateMany", """
            {"rowDataList": [
              {"title": "write spec", "code": "T1", "priority": 1, "cost": 10.5},
              {"title": "build it", "code": "T2", "priority": 3, "cost": 99.99},
              {"title": "test it", "code": "T3", "priority": 2, "done": true},
              {"title": "ship it", "code": "T4", "priority": 3, "meta": {"channel": "web"}},
              {"title": "celebrate", "code": "T5", "priority": 5}
            ]}
            """);
    }

    [Fact]
    public async Task Create_returns_the_row_with_its_key_and_defaults()
    {
        var row = (await InvokeAsync("models.Todo", "create",
            """{"rowData": {"title": "first", "code": "A1", "priority": 2, "dueAt": "2026-11-25T10:00:00Z", "cost": 12.34, "meta": {"tags": ["x"]}}}"""))!.AsObject();

        Assert.True(row["id"]!.GetValue<long>() > 0);
        Assert.Equal("first", row["title"]!.GetValue<string>());
        Assert.False(row["done"]!.GetValue<bool>());
        Assert.Equal("2026-11-25T10:00:00Z", row["dueAt"]!.GetValue<string>());
        Assert.Equal(12.34m, row["cost"]!.GetValue<decimal>());
        Assert.Equal("x", row["meta"]!["tags"]![0]!.GetValue<string>());
        Assert.Equal(1, await RawCountAsync("models_Todo"));
    }

    [Fact]
    public async Task Get_returns_the_first_row_in_order_or_null()
    {
        await SeedAsync();

        var top = (await InvokeAsync("models.Todo", "get", """{"filter": "Q('priority', '=', 3)", "orderList": [["code", -1]]}"""))!;
        var byObject = (await InvokeAsync("models.Todo", "get", """{"filter": {"code": "T1"}}"""))!;
        var none = await InvokeAsync("models.Todo", "get", """{"filter": "Q('code', '=', 'nope')"}""");

        Assert.Equal("T4", top["code"]!.GetValue<string>());
        Assert.Equal("write spec", byObject["title"]!.GetValue<string>());
        Assert.Null(none);
    }

    [Fact]
    public async Task Query_filters_orders_pages_and_counts()
    {
        await SeedAsync();

        var result = (await InvokeAsync("models.Todo", "query", """
            {"filter": "Q(Q('priority', '>=', 2), Q.AND, Q('done', '=', false))", "fieldList": ["code", "priority"],
             "orderList": [["priority", -1], ["code", 1]], "page": 1, "size": 2}
            """))!.AsObject();

        Assert.Equal(3, result["totalCount"]!.GetValue<long>());
        var rows = result["rowDatas"]!.AsArray();
        Assert.Equal(["T5", "T2"], rows.Select(r => r!["code"]!.GetValue<string>()));
        Assert.Null(rows[0]!["title"]);

        var second = (await InvokeAsync("models.Todo", "query", """{"orderList": [["code", 1]], "page": 2, "size": 2}"""))!;
        Assert.Equal(["T3", "T4"], second["rowDatas"]!.AsArray().Select(r => r!["code"]!.GetValue<string>()));
        Assert.Equal(5, second["totalCount"]!.GetValue<long>());
    }

    [Fact]
    public async Task UpdateByPK_and_deleteByPK_act_on_one_row()
    {
        var created = (await InvokeAsync("models.Todo", "create", """{"rowData": {"title": "old", "code": "K1"}}"""))!;
        var id = created["id"]!.GetValue<long>();

        var updated = (await InvokeAsync("models.Todo", "updateByPK", $$$"""{"pkList": [{{{id}}}], "updateData": {"title": "new", "done": true}}"""))![0]!;
        Assert.Equal("new", updated["title"]!.GetValue<string>());
        Assert.True(updated["done"]!.GetValue<bool>());

        Assert.Equal(1, (int)(await InvokeAsync("models.Todo", "deleteByPK", $$$"""{"pkList": [{{{id}}}]}"""))!);
        Assert.Equal(0, (int)(await InvokeAsync("models.Todo", "deleteByPK", $$$"""{"pkList": [{{{id}}}]}"""))!);
        Assert.Equal(0, await RawCountAsync("models_Todo"));
    }

    [Fact]
    public async Task UpdateByFilter_and_deleteByFilter_return_the_affected_count()
    {
        await SeedAsync();

        var updated = await InvokeAsync("models.Todo", "updateByFilter", """{"filter": "Q('priority', '=', 3)", "updateData": {"done": true}}""");
        Assert.Equal(2, updated!.GetValue<int>());
        var done = await InvokeAsync("models.Todo", "query", """{"filter": {"done": true}}""");
        Assert.Equal(3, done!["totalCount"]!.GetValue<long>());

        var deleted = await InvokeAsync("models.Todo", "deleteByFilter", """{"filter": "Q('code', 'in', ['T1', 'T5', 'zz'])"}""");
        Assert.Equal(2, deleted!.GetValue<int>());
        Assert.Equal(3, await RawCountAsync("models_Todo"));
    }

    [Fact]
    public async Task UpdateOrAdd_adds_when_nothing_matches_then_updates()
    {
        var added = (await InvokeAsync("models.Todo", "updateOrAdd",
            """{"filter": {"code": "U1"}, "updateData": {"title": "v1"}, "addData": {"code": "U1", "priority": 7}}"""))!;
        var again = (await InvokeAsync("models.Todo", "updateOrAdd",
            """{"filter": {"code": "U1"}, "updateData": {"title": "v2"}, "addData": {"code": "U1", "priority": 7}}"""))!;

        Assert.Equal(added["id"]!.GetValue<long>(), again["id"]!.GetValue<long>());
        Assert.Equal("v2", again["title"]!.GetValue<string>());
        Assert.Equal(7, again["priority"]!.GetValue<long>());
        Assert.Equal(1, await RawCountAsync("models_Todo"));
    }

    [Fact]
    public async Task CreateOrUpdateMany_creates_new_rows_and_updates_rows_with_a_key()
    {
        var first = (await InvokeAsync("models.Todo", "createOrUpdateMany",
            """{"rowDataList": [{"title": "a", "code": "M1"}, {"title": "b", "code": "M2"}]}"""))!.AsArray();
        var id = first[0]!["id"]!.GetValue<long>();

        var second = (await InvokeAsync("models.Todo", "createOrUpdateMany",
            $$$"""{"rowDataList": [{"id": {{{id}}}, "title": "a2"}, {"title": "c", "code": "M3"}]}"""))!.AsArray();

        Assert.Equal(2, second.Count);
        Assert.Equal("a2", (await InvokeAsync("models.Todo", "get", $$$"""{"filter": {"id": {{{id}}}}}"""))!["title"]!.GetValue<string>());
        Assert.Equal(3, await RawCountAsync("models_Todo"));
    }

    [Fact]
    public async Task A_unique_violation_is_DB_CONSTRAINT_and_leaves_the_data_unchanged()
    {
        await SeedAsync();

        var ex = await Assert.ThrowsAnyAsync<ElementException>(() => InvokeAsync("models.Todo", "create", """{"rowData": {"title": "dup", "code": "T1"}}"""));
        Assert.Equal("DB_CONSTRAINT", ex.Code);
        Assert.Contains("code", ex.Message, StringComparison.Ordinal);

        // A batch whose last row collides is all or nothing.
        var batch = await Assert.ThrowsAnyAsync<ElementException>(() => InvokeAsync("models.Todo", "createOrUpdateMany",
            """{"rowDataList": [{"title": "ok", "code": "N1"}, {"title": "dup", "code": "T2"}]}"""));
        Assert.Equal("DB_CONSTRAINT", batch.Code);
        Assert.Equal(5, await RawCountAsync("models_Todo"));
        Assert.Null(await InvokeAsync("models.Todo", "get", """{"filter": {"code": "N1"}}"""));
    }

    [Fact]
    public async Task An_unknown_field_is_DB_UNKNOWN_FIELD_in_data_and_in_filters()
    {
        await SeedAsync();

        var inData = await Assert.ThrowsAnyAsync<ElementException>(() => InvokeAsync("models.Todo", "create", """{"rowData": {"title": "x", "colour": "red"}}"""));
        var inFilter = await Assert.ThrowsAnyAsync<ElementException>(() => InvokeAsync("models.Todo", "updateByFilter",
            """{"filter": "Q('colour', '=', 'red')", "updateData": {"done": true}}"""));
        var inOrder = await Assert.ThrowsAnyAsync<ElementException>(() => InvokeAsync("models.Todo", "query", """{"orderList": [["colour", 1]]}"""));

        Assert.Equal("DB_UNKNOWN_FIELD", inData.Code);
        Assert.Contains("colour", inData.Message, StringComparison.Ordinal);
        Assert.Equal("DB_UNKNOWN_FIELD", inFilter.Code);
        Assert.Equal("DB_UNKNOWN_FIELD", inOrder.Code);
        Assert.Equal(5, await RawCountAsync("models_Todo"));
        Assert.Equal(1, (await InvokeAsync("models.Todo", "query", """{"filter": {"done": true}}"""))!["totalCount"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_malformed_filter_is_DB_BAD_FILTER_with_a_position_and_changes_nothing()
    {
        await SeedAsync();

        var ex = await Assert.ThrowsAnyAsync<ElementException>(() => InvokeAsync("models.Todo", "deleteByFilter", """{"filter": "Q('code', '=', 'T1'"}"""));
        var badOp = await Assert.ThrowsAnyAsync<ElementException>(() => InvokeAsync("models.Todo", "deleteByFilter", """{"filter": "Q('code', '===', 'T1')"}"""));

        Assert.Equal("DB_BAD_FILTER", ex.Code);
        Assert.Matches(@"\d", ex.Message);
        Assert.Equal("DB_BAD_FILTER", badOp.Code);
        Assert.Equal(5, await RawCountAsync("models_Todo"));
    }

    [Fact]
    public async Task Hostile_filter_values_stay_values()
    {
        await SeedAsync();
        const string hostile = "T1'); DROP TABLE \"models_Todo\"; --";

        var result = await App.InvokeAsync("models.Todo", "query", new JsonObject { ["filter"] = new JsonObject { ["code"] = hostile } });
        var created = await App.InvokeAsync("models.Todo", "create", new JsonObject { ["rowData"] = new JsonObject { ["title"] = hostile, ["code"] = "H1" } });

        Assert.Equal(0, result!["totalCount"]!.GetValue<long>());
        Assert.Equal(hostile, created!["title"]!.GetValue<string>());
        Assert.Equal(6, await RawCountAsync("models_Todo"));
    }

    [Fact]
    public async Task Missing_required_arguments_and_unknown_functions_are_runtime_errors()
    {
        var missing = await Assert.ThrowsAnyAsync<ElementException>(() => InvokeAsync("models.Todo", "create", "{}"));
        var undeclared = await Assert.ThrowsAnyAsync<ElementException>(() => InvokeAsync("models.Todo", "create", """{"rowData": {}, "extra": 1}"""));
        var unknown = await Assert.ThrowsAnyAsync<ElementException>(() => InvokeAsync("models.Todo", "truncate", "{}"));

        Assert.Equal("EL_MISSING_ARG", missing.Code);
        Assert.Equal("EL_UNDECLARED_ARG", undeclared.Code);
        Assert.Equal("EL_UNKNOWN_FUNCTION", unknown.Code);
    }

    [Fact]
    public void Every_model_function_is_declared_with_the_JitAi_argument_names_and_requires_login()
    {
        var functions = App.GetElementDefine("models.Todo").Functions;

        Assert.Equal(Elements.Data.Storage.ModelFunctions.Signatures.Keys.Order(), functions.Select(f => f.Name).Order());
        foreach (var function in functions)
        {
            Assert.Equal(Elements.Data.Storage.ModelFunctions.Signatures[function.Name], function.Args.Select(a => a.Name));
            Assert.True(function.LoginRequired);
        }
    }
}
