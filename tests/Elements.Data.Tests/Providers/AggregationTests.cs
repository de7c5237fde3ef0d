using Elements.Data.Aggregation;
using Elements.Data.Filters;
using Elements.Data.Storage;
using Elements.Data.Tests.Support;
using Elements.Testing.JitAi;

namespace Elements.Data.Tests.Providers;

/// <summary>groupBy, aggregate and statisticFieldData beyond the documented examples: date parts, every aggregate,
/// ordering, paging and nulls, with the same JSON on both databases.</summary>
public abstract class AggregationTests(IDatabaseProvider provider) : ProviderTestBase(provider)
{
    private async Task<ModelStore> SeedAsync()
    {
        var users = await StoreAsync($$"""{"table": "UserModel", "fields": {{JitOrmExamples.Fields}}}""");
        await users.CreateOrUpdateManyAsync(JitOrmExamples.Rows());
        return users;
    }

    private static List<GroupByItem> Items(params string[] entries) => [.. entries.Select(GroupByItem.Parse)];

    [Fact]
    public async Task Groups_by_date_parts_with_every_aggregate()
    {
        var users = await SeedAsync();
        var byYear = await users.GroupByAsync(null,
            Items("create_time__year", "COUNT(*) as n", "SUM(amount) as total", "AVG(salary)", "MIN(createdAt) as first", "MAX(age)", "COUNT(remark)", "COUNT_DISTINCT(department) as departments"));
        Assert.Equal(
            """[{"create_time__year":2023,"n":2,"total":450,"avg_salary":8500,"first":"2023-01-01T00:00:00Z","max_age":45,"count_remark":0,"departments":2},"""
            + """{"create_time__year":2024,"n":3,"total":320,"avg_salary":7000,"first":"2024-03-22T00:00:00Z","max_age":25,"count_remark":2,"departments":3}]""",
            byYear.RowDatas.ToJsonString());

        var byWeek = await users.GroupByAsync(Q.Field("createTime", "isnull", false), Items("WEEK(createTime) as week", "COUNT(*) as n"), [OrderBy.Desc("week")]);
        Assert.Equal("""[{"week":52,"n":1},{"week":40,"n":1},{"week":24,"n":1},{"week":12,"n":1},{"week":1,"n":1}]""", byWeek.RowDatas.ToJsonString());
        var byMonth = await users.GroupByAsync(null, Items("MONTH(F('create_time'))", "COUNT(*)"));
        Assert.Equal("""[{"create_time__month":1,"count":1},{"create_time__month":3,"count":1},{"create_time__month":6,"count":1},"""
            + """{"create_time__month":10,"count":1},{"create_time__month":12,"count":1}]""", byMonth.RowDatas.ToJsonString());
    }

    [Fact]
    public async Task Typed_groups_map_to_classes_with_the_json_values()
    {
        var users = await SeedAsync();
        var items = Items("department", "COUNT(*) as n", "SUM(salary) as total", "AVG(age) as meanAge", "MAX(createdAt) as latest", "create_time__year");
        var typed = await users.GroupByAsync<DepartmentYear>(null, items, [OrderBy.Asc("department"), OrderBy.Asc("create_time__year")]);
        var json = await users.GroupByAsync(null, items, [OrderBy.Asc("department"), OrderBy.Asc("create_time__year")]);

        Assert.Equal(json.RowDatas.Count, typed.Count);
        Assert.Equal(
            json.RowDatas.Select(r => ((string?)r!["department"], (long)r["n"]!, (decimal?)r["total"], (decimal?)r["meanAge"], (int)r["create_time__year"]!)),
            typed.Select(t => (t.Department, t.N, t.Total, t.MeanAge, t.Create_time__year)));
        var hr2024 = Assert.Single(typed, t => t is { Department: "HR", Create_time__year: 2024 });
        Assert.Equal((1L, (decimal?)null, (decimal?)null, new DateTime(2024, 6, 15, 0, 0, 0, DateTimeKind.Utc)), (hr2024.N, hr2024.Total, hr2024.MeanAge, hr2024.Latest));
        var it = typed.Where(t => t.Department == "IT").ToList();
        Assert.Equal([5000m, 6000m], it.Select(t => t.Total));
    }

    private sealed class DepartmentYear
    {
        public string? Department { get; set; }

        public long N { get; set; }

        public decimal? Total { get; set; }

        public decimal? MeanAge { get; set; }

        public DateTime? Latest { get; set; }

        public int Create_time__year { get; set; }
    }

    [Fact]
    public async Task Orders_pages_and_counts_groups_with_nulls_last()
    {
        var users = await SeedAsync();
        // age is null for Amy: a null group sorts after the values ascending, before them descending, on both databases.
        var asc = await users.GroupByAsync(null, Items("role", "MIN(age) as youngest"), [OrderBy.Asc("youngest")]);
        Assert.Equal("""[{"role":"manager","youngest":17},{"role":"admin","youngest":30},{"role":"staff","youngest":45}]""", asc.RowDatas.ToJsonString());
        var remarks = await users.GroupByAsync(null, Items("remark", "COUNT(*) as n"));
        Assert.Equal("""[{"remark":"note","n":1},{"remark":"testing","n":1},{"remark":null,"n":3}]""", remarks.RowDatas.ToJsonString());
        var remarksDesc = await users.GroupByAsync(null, Items("remark", "COUNT(*) as n"), [OrderBy.Desc("remark")]);
        Assert.Equal("""[{"remark":null,"n":3},{"remark":"testing","n":1},{"remark":"note","n":1}]""", remarksDesc.RowDatas.ToJsonString());
        var desc = await users.GroupByAsync(null, Items("department", "MAX(level) as top"), [OrderBy.Desc("top"), OrderBy.Asc("department")]);
        Assert.Equal("""[{"department":"HR","top":5},{"department":"IT","top":3},{"department":"Dev","top":2}]""", desc.RowDatas.ToJsonString());

        var paged = await users.GroupByAsync(null, Items("department", "COUNT(*) as n"), page: 2, size: 2);
        Assert.Equal("""[{"department":"IT","n":2}]""", paged.RowDatas.ToJsonString());
        Assert.Equal(3, paged.TotalCount);
        var first = await users.GroupByAsync(Q.Eq("department", "HR"), Items("department", "COUNT(*) as n"), page: 1, size: 1);
        Assert.Equal(1, first.TotalCount);
    }

    [Fact]
    public async Task Aggregates_of_no_rows_are_null_and_counts_zero()
    {
        var users = await SeedAsync();
        var none = await users.StatisticFieldDataAsync(Q.Field("age", ">", 100),
            new Dictionary<string, AggregateFunction> { ["age"] = AggregateFunction.Sum, ["salary"] = AggregateFunction.Avg, ["email"] = AggregateFunction.Count });
        Assert.Equal("""{"age":null,"salary":null,"email":0}""", none.ToJsonString());
        Assert.Equal(0, (long)(await users.AggregateAsync(Q.Field("age", ">", 100), "id", AggregateFunction.Count))!);
        Assert.Equal(12000m, (decimal)(await users.AggregateAsync(null, "salary", AggregateFunction.Max))!);
        Assert.Equal("Tom", (string)(await users.AggregateAsync(null, "name", AggregateFunction.Max))!);
    }

    [Fact]
    public async Task Owner_scope_limits_aggregates_to_the_owners_rows()
    {
        var users = await SeedAsync();
        var level3 = users.OwnedBy(new OwnerScope("level", 3));
        Assert.Equal("""[{"status":"active","n":1}]""", (await level3.GroupByAsync(null, Items("status", "COUNT(*) as n"))).RowDatas.ToJsonString());
        Assert.Equal(150m, (decimal)(await level3.AggregateAsync(null, "amount", AggregateFunction.Sum))!);
        Assert.Equal("""["IT"]""", (await level3.GetFieldDataAsync("department")).ToJsonString());
    }
}
