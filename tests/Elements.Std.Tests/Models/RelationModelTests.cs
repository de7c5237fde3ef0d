using System.Text.Json.Nodes;
using Elements.Data.Errors;
using Elements.Data.Filters;
using Elements.Security;
using Elements.Std.Models;
using Elements.Std.Tests.Support;

namespace Elements.Std.Tests.Models;

/// <summary>Relations between model elements of one app: related schemas come from the app, lazily.</summary>
public abstract class RelationModelTests(IAppDatabase database) : AppTestBase(database)
{
    protected override Task BeforeLoadAsync(AppFolder folder)
    {
        folder.WriteElement("models.Customer", """
            {"title": "Customer", "type": "models.NormalType", "fields": [
              {"name": "custName", "dataType": "Stext"},
              {"name": "bestOrder", "dataType": "RelateData", "generic": "models.Order", "onDelete": "setNull"},
              {"name": "orders", "dataType": "MultiRelateData", "generic": "models.Order", "relateField": "customer"}
            ]}
            """);
        folder.WriteElement("models.Order", """
            {"title": "Order", "type": "models.NormalType", "fields": [
              {"name": "orderNo", "dataType": "Stext"},
              {"name": "customer", "dataType": "RelateData", "generic": "models.Customer"}
            ]}
            """);
        folder.WriteElement("databases.Archive", """{"title": "Archive", "type": "databases.SqliteType", "path": "appData/archive.db"}""");
        folder.WriteElement("models.Archived", """
            {"title": "Archived", "type": "models.NormalType", "db": "databases.Archive", "fields": [
              {"name": "customer", "dataType": "RelateData", "generic": "models.Customer"}
            ]}
            """);
        folder.WriteElement("models.Broken", """
            {"title": "Broken", "type": "models.NormalType", "fields": [
              {"name": "other", "dataType": "RelateData", "generic": "models.Nowhere"}
            ]}
            """);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Models_relating_to_each_other_work_through_the_app_functions()
    {
        // The first use of either model syncs both tables and both foreign keys; neither activates the other early.
        var ann = await InvokeAsync("models.Customer", "create", """{"rowData": {"custName": "Ann"}}""");
        var order = await InvokeAsync("models.Order", "create", $$$"""{"rowData": {"orderNo": "A1", "customer": {{{ann!["id"]}}}}}""");
        await InvokeAsync("models.Customer", "updateByPK", $$$"""{"pkList": [{{{ann!["id"]}}}], "updateData": {"bestOrder": {{{order!["id"]}}}}}""");

        var rows = await InvokeAsync("models.Order", "query",
            """{"filter": "Q('customer__custName', '=', 'Ann')", "fieldList": ["orderNo", "customer__custName", "customer__bestOrder__orderNo"], "orderList": [["customer__custName", 1]]}""");
        Assert.Equal("""{"rowDatas":[{"orderNo":"A1","customer__custName":"Ann","customer__bestOrder__orderNo":"A1"}],"totalCount":1}""", rows!.ToJsonString());

        var customers = await App.GetElement<ModelElement>("models.Customer").OpenStoreAsync();
        var expanded = (await customers.GetAsync(null, null, 1))!;
        Assert.Equal("A1", expanded["bestOrder"]!["orderNo"]!.GetValue<string>());
        Assert.Equal("A1", expanded["orders"]![0]!["orderNo"]!.GetValue<string>());

        var refused = await Assert.ThrowsAsync<ReferencedRowException>(() => InvokeAsync("models.Customer", "deleteByPK", $$"""{"pkList": [{{ann["id"]}}]}"""));
        Assert.Equal("DB_REFERENCED", refused.Code);
        var badKey = await Assert.ThrowsAsync<InvalidValueException>(() => InvokeAsync("models.Order", "create", """{"rowData": {"orderNo": "X", "customer": 404}}"""));
        Assert.Equal("customer", badKey.Field);

        // setNull: deleting the order clears the customer's bestOrder, while the restrict pointer keeps the customer.
        Assert.Equal(1, (int)(await InvokeAsync("models.Order", "deleteByPK", $$"""{"pkList": [{{order["id"]}}]}"""))!);
        Assert.Null((await InvokeAsync("models.Customer", "get", "{}"))!["bestOrder"]);
        Assert.Equal(1, await RawCountAsync("models_Customer"));
    }

    [Fact]
    public async Task A_remote_caller_reads_related_models_only_as_far_as_it_may_query_them()
    {
        var ann = await InvokeAsync("models.Customer", "create", """{"rowData": {"custName": "Ann"}}""");
        await InvokeAsync("models.Order", "create", $$$"""{"rowData": {"orderNo": "A1", "customer": {{{ann!["id"]}}}}}""");
        var ordersOnly = new ElementCaller(7, ["roles.Clerk"], _ => true, mayQuery: m => m == "models.Order");
        var both = new ElementCaller(8, ["roles.Manager"], _ => true, mayQuery: m => m is "models.Order" or "models.Customer");

        // A path to a model the caller may not query is refused, in a filter as in a field or order list.
        foreach (var args in new[]
        {
            """{"filter": "Q(customer__custName='Ann')"}""",
            """{"fieldList": ["orderNo", "customer__custName"]}""",
            """{"orderList": [["customer__custName", 1]]}""",
        })
        {
            var refused = await Assert.ThrowsAsync<ElementException>(() => App.Invoker.InvokeAsync("models.Order", "query", Obj(args), ordersOnly));
            Assert.Equal("EL_FORBIDDEN", refused.Code);
            Assert.Contains("reads 'models.Customer' through a relation", refused.Message);
        }

        // Expansion stops where the caller's sight does: the customer stays a key.
        var plain = (await App.Invoker.InvokeAsync("models.Order", "get", [], ordersOnly))!;
        Assert.Equal((long)ann["id"]!, (long)plain["customer"]!);
        var expanded = (await App.Invoker.InvokeAsync("models.Order", "get", [], both))!;
        Assert.Equal("Ann", (string)expanded["customer"]!["custName"]!);
        Assert.Equal("""{"rowDatas":[{"orderNo":"A1","customer__custName":"Ann"}],"totalCount":1}""",
            (await App.Invoker.InvokeAsync("models.Order", "query", Obj("""{"fieldList": ["orderNo", "customer__custName"]}"""), both))!.ToJsonString());
    }

    [Fact]
    public async Task A_relation_to_a_model_of_another_database_or_to_no_model_is_a_clear_error()
    {
        var other = await Assert.ThrowsAsync<SchemaException>(() => InvokeAsync("models.Archived", "query", "{}"));
        Assert.Contains("stored in 'databases.Default'; related models must share one database element", other.Message);
        var missing = await Assert.ThrowsAsync<SchemaException>(() => InvokeAsync("models.Broken", "query", "{}"));
        Assert.Contains("relates to 'models.Nowhere', which is not a usable model", missing.Message);
        var filter = await Assert.ThrowsAsync<FilterException>(() => App.GetElement<ModelElement>("models.Order").QueryAsync<JsonObject>(Q.Parse("Q('customer__nope', 1)")));
        Assert.Contains("'nope' is not a field of 'models_Customer'", filter.Message);
    }
}
