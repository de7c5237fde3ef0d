using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Dapper;
using Elements.Data.Aggregation;
using Elements.Data.Filters;
using Elements.Data.Storage;

namespace Elements.Benchmarks;

/// <summary>
/// A model element (<c>models.NormalType</c> on SQLite) against raw Dapper running the SQL the model generates on a
/// connection from the same pool: <c>get</c> by key and a <c>query</c> returning 100 rows, each through
/// <see cref="ElementApp.InvokeAsync"/> (JSON in and out, as the CLI and HTTP API call it) and through the typed C#
/// API. Each category's baseline is its Dapper method.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class DataBenchmarks
{
    private const long Key = 500;
    private const long QueryUpTo = 100;
    private const string Columns = "\"id\", \"name\", \"email\", \"age\", \"score\", \"active\", \"createdAt\"";

    // Byte for byte the SQL ModelStore builds for the filters below (no paging, so no COUNT statement).
    private const string GetSql = $"SELECT {Columns} FROM \"{DataApp.Table}\" WHERE \"id\" = @p0 ORDER BY \"id\" ASC LIMIT 1";
    private const string QuerySql = $"SELECT {Columns} FROM \"{DataApp.Table}\" WHERE \"id\" <= @p0 ORDER BY \"id\" ASC";
    private const string GroupBySql =
        $"SELECT \"age\" AS \"age\", SUM(\"score\") AS \"total\", COUNT(*) AS \"n\" FROM \"{DataApp.Table}\" GROUP BY \"age\" ORDER BY \"age\" ASC NULLS LAST";

    // What a user would write by hand for "orders of people aged 30": one join, the order's own columns.
    private const string JoinSql =
        $"SELECT o.\"id\", o.\"item\", o.\"qty\", o.\"person\" FROM \"{DataApp.OrderTable}\" o LEFT JOIN \"{DataApp.Table}\" p ON p.\"id\" = o.\"person\" WHERE p.\"age\" = @age ORDER BY o.\"id\"";
    private const long JoinAge = 30;

    private static readonly GroupByItem[] AgeTotals =
        [GroupByItem.GroupBy("age"), GroupByItem.Aggregate(AggregateFunction.Sum, "score", "total"), GroupByItem.Aggregate(AggregateFunction.Count, null, "n")];

    private DataApp _data = null!;
    private Database _database = null!;

    [GlobalSetup]
    public void Setup()
    {
        _data = DataApp.CreateAsync().GetAwaiter().GetResult();
        _database = _data.Model.DatabaseElement.Database;
        var viaModel = Model_Query_Typed().GetAwaiter().GetResult();
        var viaDapper = Dapper_Query().GetAwaiter().GetResult();
        var joined = Model_Join_Typed().GetAwaiter().GetResult();
        var rawJoined = Dapper_Join().GetAwaiter().GetResult();
        if (joined.Count == 0 || !joined.Select(o => o.Id).SequenceEqual(rawJoined.Select(o => o.Id)))
        {
            throw new InvalidOperationException("the model's join differs from the hand-written SQL's");
        }

        var groups = Model_GroupBy_Typed().GetAwaiter().GetResult();
        var rawGroups = Dapper_GroupBy().GetAwaiter().GetResult();
        if (groups.Count != rawGroups.Count || groups.Sum(g => g.N) != DataApp.Rows)
        {
            throw new InvalidOperationException("the model's groups differ from the hand-written SQL's");
        }

        if (viaModel.Count != QueryUpTo || viaDapper.Count != QueryUpTo || Dapper_Get().GetAwaiter().GetResult()?.Id != Key)
        {
            throw new InvalidOperationException("the benchmark data is not what the benchmarks expect");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _data.Dispose();

    [Benchmark(Baseline = true), BenchmarkCategory("get")]
    public async Task<BenchRow?> Dapper_Get()
    {
        await using var connection = await _database.OpenConnectionAsync().ConfigureAwait(false);
        return await connection.QueryFirstOrDefaultAsync<BenchRow>(GetSql, new { p0 = Key }).ConfigureAwait(false);
    }

    [Benchmark, BenchmarkCategory("get")]
    public Task<BenchRow?> Model_Get_Typed() => _data.Model.GetAsync<BenchRow>(Q.Eq("id", Key));

    [Benchmark, BenchmarkCategory("get")]
    public Task<JsonNode?> Model_Get_Invoke() =>
        _data.App.InvokeAsync(DataApp.ModelName, "get", new JsonObject { ["filter"] = new JsonObject { ["id"] = Key } });

    [Benchmark(Baseline = true), BenchmarkCategory("query")]
    public async Task<List<BenchRow>> Dapper_Query()
    {
        await using var connection = await _database.OpenConnectionAsync().ConfigureAwait(false);
        return (await connection.QueryAsync<BenchRow>(QuerySql, new { p0 = QueryUpTo }).ConfigureAwait(false)).AsList();
    }

    [Benchmark, BenchmarkCategory("query")]
    public Task<IReadOnlyList<BenchRow>> Model_Query_Typed() => _data.Model.QueryAsync<BenchRow>(Q.Field("id", "<=", QueryUpTo));

    [Benchmark, BenchmarkCategory("query")]
    public Task<JsonNode?> Model_Query_Invoke() =>
        _data.App.InvokeAsync(DataApp.ModelName, "query", new JsonObject { ["filter"] = $"Q('id', '<=', {QueryUpTo})" });

    // The same 100 rows as the bytes of an HTTP reply: what the element API does with a query's result, against Dapper
    // rows serialized by System.Text.Json. Shows the cost of rows that were not built as nodes until written.
    [Benchmark(Baseline = true), BenchmarkCategory("query-json")]
    public async Task<byte[]> Dapper_Query_Json() => JsonSerializer.SerializeToUtf8Bytes(await Dapper_Query().ConfigureAwait(false), ReplyJson);

    [Benchmark, BenchmarkCategory("query-json")]
    public async Task<byte[]> Model_Query_Invoke_Json() => JsonSerializer.SerializeToUtf8Bytes(await Model_Query_Invoke().ConfigureAwait(false), ReplyJson);

    private static readonly JsonSerializerOptions ReplyJson = new(JsonSerializerDefaults.Web);

    [Benchmark(Baseline = true), BenchmarkCategory("groupBy")]
    public async Task<List<AgeTotal>> Dapper_GroupBy()
    {
        await using var connection = await _database.OpenConnectionAsync().ConfigureAwait(false);
        return (await connection.QueryAsync<AgeTotal>(GroupBySql).ConfigureAwait(false)).AsList();
    }

    [Benchmark, BenchmarkCategory("groupBy")]
    public Task<IReadOnlyList<AgeTotal>> Model_GroupBy_Typed() => _data.Model.GroupByAsync<AgeTotal>(null, AgeTotals);

    [Benchmark, BenchmarkCategory("groupBy")]
    public Task<JsonNode?> Model_GroupBy_Invoke() =>
        _data.App.InvokeAsync(DataApp.ModelName, "groupBy", new JsonObject { ["filter"] = "", ["fieldList"] = new JsonArray("age", "SUM(score) as total", "COUNT(*) as n") });

    [Benchmark(Baseline = true), BenchmarkCategory("join")]
    public async Task<List<BenchOrder>> Dapper_Join()
    {
        await using var connection = await _database.OpenConnectionAsync().ConfigureAwait(false);
        return (await connection.QueryAsync<BenchOrder>(JoinSql, new { age = JoinAge }).ConfigureAwait(false)).AsList();
    }

    [Benchmark, BenchmarkCategory("join")]
    public Task<IReadOnlyList<BenchOrder>> Model_Join_Typed() => _data.Orders.QueryAsync<BenchOrder>(Q.Field("person__age", "=", JoinAge));

    [Benchmark, BenchmarkCategory("join")]
    public Task<JsonNode?> Model_Join_Invoke() =>
        _data.App.InvokeAsync(DataApp.OrderModelName, "query", new JsonObject { ["filter"] = $"Q(person__age={JoinAge})", ["level"] = 0 });
}
