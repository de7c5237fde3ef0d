using Elements.Data.Errors;
using Elements.Security;
using Elements.Std.Models;
using Elements.Std.Tests.Support;

namespace Elements.Std.Tests.Models;

/// <summary><c>models.AggrType</c> elements: JitAi's aggregation models over model elements of the same app.</summary>
public abstract class AggregateModelElementTests(IAppDatabase database) : AppTestBase(database)
{
    protected override Task BeforeLoadAsync(AppFolder folder)
    {
        folder.WriteElement("models.Sales", """
            {"title": "Sales", "type": "models.NormalType", "ownerField": "userId", "fields": [
              {"name": "region", "dataType": "Stext"}, {"name": "amount", "dataType": "Money"},
              {"name": "sale_date", "dataType": "Date"}, {"name": "userId", "dataType": "Integer"}]}
            """);
        folder.WriteElement("models.SalesByRegion", """
            {"title": "Sales by region", "type": "models.AggrType",
             "fields": [{"name": "region", "title": "Region", "dataType": "Stext"}, {"name": "total_sales", "title": "Total", "dataType": "Numeric"}],
             "dbTable": "Select([F('region', 'region'), F(Formula(\"COLSUM(F('amount'))\"), 'total_sales')], From(['models.Sales']), GroupBy(F('region')))"}
            """);
        folder.WriteElement("models.BigRegions", """
            {"title": "Regions over 100", "type": "models.AggrType",
             "aggregate": {"from": "models.SalesByRegion", "filter": "Q(total_sales__gt=100)", "fieldList": ["COUNT(*) as regions", "SUM(total_sales) as total"]}}
            """);
        return Task.CompletedTask;
    }

    private async Task SeedAsync() => await InvokeAsync("models.Sales", "createOrUpdateMany", """
        {"rowDataList": [
          {"region": "East", "amount": 100.5, "sale_date": "2024-01-02", "userId": 1},
          {"region": "East", "amount": 200, "sale_date": "2024-02-03", "userId": 2},
          {"region": "West", "amount": 80, "sale_date": "2024-02-04", "userId": 1},
          {"region": "North", "amount": 150, "sale_date": "2024-03-05", "userId": 2}]}
        """);

    [Fact]
    public async Task An_aggregate_model_is_queried_like_a_model_and_follows_its_source()
    {
        await SeedAsync();
        Assert.Equal("""{"rowDatas":[{"region":"East","total_sales":300.5},{"region":"North","total_sales":150},{"region":"West","total_sales":80}],"totalCount":3}""",
            (await InvokeAsync("models.SalesByRegion", "query", "{}"))!.ToJsonString());
        Assert.Equal("""{"region":"North","total_sales":150}""",
            (await InvokeAsync("models.SalesByRegion", "get", """{"filter": "Q(Q('total_sales', '<', 200), Q.AND, Q('total_sales', '>', 100))"}"""))!.ToJsonString());
        Assert.Equal("""{"regions":2,"total":450.5}""", (await InvokeAsync("models.BigRegions", "get", "{}"))!.ToJsonString());

        // Computed at each call: a new sale shows at once.
        await InvokeAsync("models.Sales", "create", """{"rowData": {"region": "West", "amount": 40, "userId": 1}}""");
        Assert.Equal("""{"regions":3,"total":570.5}""", (await InvokeAsync("models.BigRegions", "get", "{}"))!.ToJsonString());
        Assert.Equal(120m, (decimal)(await InvokeAsync("models.SalesByRegion", "aggregate", """{"filter": "Q(region='West')", "aggrField": "total_sales", "aggrType": "MAX"}"""))!);
    }

    [Fact]
    public async Task An_aggregate_model_has_no_write_functions()
    {
        await SeedAsync();
        var define = App.GetElementDefine("models.SalesByRegion");
        Assert.Equal(["aggregate", "get", "getCompareResult", "getExportData", "getFieldData", "groupBy", "query", "statisticFieldData"],
            define.Functions.Select(f => f.Name).Order(StringComparer.Ordinal));
        var create = await Assert.ThrowsAsync<ElementException>(() => InvokeAsync("models.SalesByRegion", "create", """{"rowData": {"region": "x"}}"""));
        Assert.Equal("EL_UNKNOWN_FUNCTION", create.Code);
        var store = await App.GetElement<AggrModelElement>("models.SalesByRegion").OpenStoreAsync();
        Assert.Equal(DataErrorCodes.ReadOnly, (await Assert.ThrowsAsync<DataException>(() => store.DeleteByFilterAsync(Elements.Data.Filters.Q.And()))).Code);
        Assert.Equal(4, await RawCountAsync("models_Sales"));
    }

    [Fact]
    public async Task A_caller_limited_to_its_own_source_rows_may_not_see_everyones_totals()
    {
        await SeedAsync();
        var own = new ElementCaller(1, ["roles.Seller"], _ => false, mayQuery: _ => true);
        var all = new ElementCaller(9, ["roles.Admin"], _ => true, mayQuery: _ => true);
        var refused = await Assert.ThrowsAsync<ElementException>(() => App.Invoker.InvokeAsync("models.SalesByRegion", "query", [], own));
        Assert.Equal("EL_FORBIDDEN", refused.Code);
        // Through a nested aggregate as well.
        Assert.Equal("EL_FORBIDDEN", (await Assert.ThrowsAsync<ElementException>(() => App.Invoker.InvokeAsync("models.BigRegions", "get", [], own))).Code);
        Assert.Equal(3, (long)(await App.Invoker.InvokeAsync("models.SalesByRegion", "query", [], all))!["totalCount"]!);
    }
}
