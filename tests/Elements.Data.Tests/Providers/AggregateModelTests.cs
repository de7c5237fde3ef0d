using System.Text.Json.Nodes;
using Elements.Data.Aggregation;
using Elements.Data.Errors;
using Elements.Data.Filters;
using Elements.Data.Storage;
using Elements.Data.Tests.Support;

namespace Elements.Data.Tests.Providers;

/// <summary>Aggregate models (JitAi's AggrType): TQL and JSON definitions queried like models, never written.</summary>
public abstract class AggregateModelTests(IDatabaseProvider provider) : ProviderTestBase(provider)
{
    private async Task<ModelStore> SalesAsync()
    {
        var sales = await StoreAsync("""
            {"table": "sales", "fields": [
              {"name": "region", "dataType": "Stext"}, {"name": "product", "dataType": "Stext"},
              {"name": "amount", "dataType": "Numeric", "decimal": 2}, {"name": "quantity", "dataType": "Integer"},
              {"name": "sale_date", "dataType": "Date"}, {"name": "status", "dataType": "Stext"}]}
            """);
        await sales.CreateOrUpdateManyAsync(
        [
            Obj("""{"region": "East", "product": "p1", "amount": 100.5, "quantity": 1, "sale_date": "2023-01-05", "status": "paid"}"""),
            Obj("""{"region": "East", "product": "p2", "amount": 200, "quantity": 2, "sale_date": "2023-01-05", "status": "paid"}"""),
            Obj("""{"region": "East", "product": "p1", "amount": 50, "quantity": 5, "sale_date": "2023-02-10", "status": "refunded"}"""),
            Obj("""{"region": "South", "product": "p1", "amount": 300, "quantity": 3, "sale_date": "2023-02-11", "status": "paid"}"""),
            Obj("""{"region": "North", "product": "p2", "amount": 25.25, "quantity": 1, "sale_date": "2023-03-01", "status": "paid"}"""),
            Obj("""{"region": null, "product": "p3", "amount": 10, "quantity": 1, "sale_date": "2023-03-02", "status": "paid"}"""),
        ]);
        return sales;
    }

    private static string Json(QueryResult r) => r.RowDatas.ToJsonString();

    [Fact]
    public async Task Jitai_group_aggregation_example_is_a_queryable_model()
    {
        var sales = await SalesAsync();
        var byRegion = ModelStore.Aggregate(sales, "models.SalesGroupModel", AggregateDefinition.FromTql("""
            Select(
                # Field mapping: F('original_field', 'new_field_alias')
                [F('region', 'region'), F(Formula("COLSUM(F('amount'))"), 'total_sales')],
                From(["sales"]),
                GroupBy(F("region"))  # Group by region
            )
            """));

        Assert.Equal("""[{"region":"East","total_sales":350.5},{"region":"North","total_sales":25.25},{"region":"South","total_sales":300},{"region":null,"total_sales":10}]""",
            Json(await byRegion.QueryAsync()));
        // Filters, orders and pages apply to the aggregated rows; totalCount counts groups.
        var big = await byRegion.QueryAsync(Q.Parse("Q('total_sales', '>', 100)"), null, [OrderBy.Desc("total_sales")], 1, 1);
        Assert.Equal("""[{"region":"East","total_sales":350.5}]""", Json(big));
        Assert.Equal(2, big.TotalCount);
        Assert.Equal(685.75m, (decimal)(await byRegion.AggregateAsync(null, "total_sales", AggregateFunction.Sum))!);
        Assert.Equal("North", (string)(await byRegion.GetAsync(Q.Parse("Q(region__startswith='N')")))!["region"]!);
    }

    [Fact]
    public async Task Where_filters_the_source_and_both_parameter_sets_bind()
    {
        var sales = await SalesAsync();
        var paid = ModelStore.Aggregate(sales, "models.PaidByProduct", AggregateDefinition.FromTql(
            "Select([F('t1.product', 'product'), F(Formula('COUNT(*)'), 'n'), F(Formula(\"SUM(t1.quantity)\"), 'units')], From(['models.Sales', 't1']), Where(Q('t1.status', '=', 'paid'), Q('amount', '>', 20)), GroupBy(F('t1.product')))"));
        Assert.Equal("""[{"product":"p1","n":2,"units":4},{"product":"p2","n":2,"units":3}]""", Json(await paid.QueryAsync()));
        Assert.Equal("""[{"product":"p2","n":2,"units":3}]""", Json(await paid.QueryAsync(Q.Field("units", "<", 4))));
        Assert.Equal("""{"n":4,"units":7}""", (await paid.StatisticFieldDataAsync(null, new Dictionary<string, AggregateFunction>
        {
            ["n"] = AggregateFunction.Sum,
            ["units"] = AggregateFunction.Sum,
        })).ToJsonString());
    }

    [Fact]
    public async Task Aggregates_nest_and_group_by_date_parts()
    {
        var sales = await SalesAsync();
        // JitAi's two-phase example: daily sales, then monthly sales from the daily model.
        var daily = ModelStore.Aggregate(sales, "models.DailySalesModel", AggregateDefinition.FromTql("""
            Select(
                [F("sale_date"), F("product"), F(Formula("SUM(amount)"), "daily_sales")],
                From("sales.OrderModel"),
                GroupBy("sale_date", "product")
            )
            """));
        Assert.Equal(6, (await daily.QueryAsync()).TotalCount);
        var monthly = ModelStore.Aggregate(daily, "models.MonthlySalesModel", AggregateDefinition.FromTql("""
            Select(
                [F(Formula("MONTH(sale_date)"), "month"), F(Formula("SUM(daily_sales)"), "monthly_sales")],
                From("models.DailySalesModel"),
                GroupBy("month")
            )
            """));
        Assert.Equal("""[{"month":1,"monthly_sales":300.5},{"month":2,"monthly_sales":350},{"month":3,"monthly_sales":35.25}]""", Json(await monthly.QueryAsync()));
        var json = ModelStore.Aggregate(sales, "models.Monthly", AggregateDefinition.FromJson(JsonNode.Parse("""
            {"from": "models.Sales", "filter": "Q(status='paid')", "fieldList": ["sale_date__month as month", "AVG(amount) as mean", "MAX(quantity)"]}
            """)!.AsObject()));
        Assert.Equal("""[{"month":1,"mean":150.25,"max_quantity":2},{"month":2,"mean":300,"max_quantity":3},{"month":3,"mean":17.625,"max_quantity":1}]""",
            Json(await json.QueryAsync()));
        Assert.Equal("""[{"month":3,"mean":17.625,"max_quantity":1}]""", Json(await json.GroupByAsync(Q.Field("mean", "<", 100), [GroupByItem.Parse("month"), GroupByItem.Parse("mean"), GroupByItem.Parse("max_quantity")])));
    }

    [Fact]
    public async Task Aggregate_rows_map_to_classes()
    {
        var sales = await SalesAsync();
        var byRegion = ModelStore.Aggregate(sales, "models.ByRegion", AggregateDefinition.FromJson(JsonNode.Parse(
            """{"from": "models.Sales", "fieldList": ["region", "SUM(amount) as total", "COUNT(*) as n"]}""")!.AsObject()));
        var rows = await byRegion.QueryAsync<RegionTotal>(Q.Field("region", "isnull", false), [OrderBy.Desc("total")]);
        Assert.Equal([("East", 350.5m, 3L), ("South", 300m, 1L), ("North", 25.25m, 1L)], rows.Select(r => (r.Region, r.Total, r.N)));
    }

    [Fact]
    public async Task Writes_are_refused_and_change_nothing()
    {
        var sales = await SalesAsync();
        var byRegion = ModelStore.Aggregate(sales, "models.ByRegion", AggregateDefinition.FromJson(JsonNode.Parse(
            """{"from": "models.Sales", "fieldList": ["region", "SUM(amount) as total"]}""")!.AsObject()));
        Assert.True(byRegion.IsReadOnly);
        foreach (var write in new Func<Task>[]
        {
            () => byRegion.CreateAsync(Obj("""{"region": "West", "total": 1}""")),
            () => byRegion.DeleteByFilterAsync(Q.And()),
            () => byRegion.UpdateByFilterAsync(Q.And(), Obj("""{"total": 0}""")),
            () => ModelFunctions.InvokeAsync(byRegion, "resetModelData", []),
        })
        {
            Assert.Equal(DataErrorCodes.ReadOnly, (await Assert.ThrowsAsync<DataException>(write)).Code);
        }

        Assert.Equal(6, await RawCountAsync("sales"));
    }

    [Theory]
    [InlineData("Select([F('region')], From(['models.Sales']), GroupBy(F('region')), Having(Q('n', '>', 1)))", "Having is not supported in an aggregate model")]
    [InlineData("Select([F('region')], From(['models.Sales', 't1'], LeftJoin('models.Region', 't2'), On(['t1.region', '=', 't2.id'])))", "joins are not supported")]
    [InlineData("Select([F('region'), F(Formula('SUM(amount)'), 'total')], From(['models.Sales']))", "'region' is selected but neither aggregated nor in GroupBy")]
    [InlineData("Select([F(Formula('SUM(amount)'), 'total')], From(['models.Sales']), GroupBy('product'))", "GroupBy names 'product'")]
    [InlineData("Select([F(Formula(\"SUM(F('a')) + AVG(F('b'))\"), 'x')], From(['models.Sales']))", "is not a field")]
    [InlineData("Select([F('region')], GroupBy('region'))", "Select needs a From")]
    [InlineData("Select([F('region')], From(['models.Sales']), GroupBy('region')", "missing ')'")]
    [InlineData("Query([F('region')])", "one Select(...)")]
    public void Unsupported_or_broken_tql_is_a_schema_error_that_says_what(string tql, string message)
    {
        var error = Assert.Throws<SchemaException>(() => AggregateDefinition.FromTql(tql));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal("dbTable", error.Path);
    }

    private sealed class RegionTotal
    {
        public string? Region { get; set; }

        public decimal Total { get; set; }

        public long N { get; set; }
    }
}
