using System.Text.Json.Nodes;
using Elements.Host.Tests.Reliability;
using Elements.Host.Tests.Security.Hostile;
using Elements.Host.Tests.Support;
using Elements.Testing.Files;
using Elements.Testing.JitAi;

namespace Elements.Host.Tests.Api.JitOrm;

/// <summary>
/// JitAi's documented model calls through the running host: every Q example of <see cref="JitOrmExamples"/> as an
/// HTTP call and as a trusted <c>InvokeAsync</c>, with the same rows either way, on SQLite and PostgreSQL.
/// </summary>
public abstract class JitOrmHttpConformanceTests : IAsyncLifetime
{
    private const string Model = "models/UserModel/";

    private SampleAppCopy _copy = null!;
    private TestHost _host = null!;
    private HostileCaller _caller = null!;
    private string _token = null!;

    private protected abstract AccountDatabase Database { get; }

    public async Task InitializeAsync()
    {
        _copy = SampleAppCopy.Create();
        AppFiles.WriteElement(_copy.Root, "models.UserModel", $$"""{"title": "Users of JitAi's examples", "type": "models.NormalType", "fields": {{JitOrmExamples.Fields}}}""");
        await Database.PrepareAsync(_copy);
        _host = await _copy.StartAsync();
        _caller = new HostileCaller(_host);
        (_, _token) = await _caller.SignUpAdminAsync("admin");
        await _caller.CallOkAsync(Model + "createOrUpdateMany", new JsonObject { ["rowDataList"] = new JsonArray([.. JitOrmExamples.Rows()]) }, _token);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _copy.Dispose();
        await Database.CleanupAsync();
    }

    private async Task<(JsonNode? Http, JsonNode? Invoked)> BothAsync(string function, JsonObject args)
    {
        var http = await _caller.CallOkAsync(Model + function, (JsonObject)args.DeepClone(), _token);
        var invoked = await _caller.App.InvokeAsync("models.UserModel", function, args);
        return (http, invoked);
    }

    [Fact]
    public async Task Every_documented_Q_example_selects_the_same_rows_over_http_and_in_process()
    {
        foreach (var (filter, names) in JitOrmExamples.QExamples)
        {
            var (http, invoked) = await BothAsync("query", new JsonObject { ["filter"] = filter, ["fieldList"] = new JsonArray("name"), ["orderList"] = JsonNode.Parse("""[["name", 1]]""") });
            var selected = string.Join(",", http!["rowDatas"]!.AsArray().Select(r => (string)r!["name"]!).Order(StringComparer.Ordinal));
            Assert.True(names == selected, $"{filter}: expected {names}, got {selected}");
            Assert.True(JsonNode.DeepEquals(http, invoked), $"{filter}: HTTP {http!.ToJsonString()} but InvokeAsync {invoked!.ToJsonString()}");
        }
    }

    [Fact]
    public async Task Documented_statistics_answer_alike_over_http_and_in_process()
    {
        var calls = new (string Function, string Args, string Expected)[]
        {
            ("groupBy", """{"filter": "", "fieldList": ["status", "COUNT(*) as count"]}""",
                """{"rowDatas":[{"status":"active","count":2},{"status":"deleted","count":1},{"status":"inactive","count":1},{"status":"pending","count":1}],"totalCount":4}"""),
            ("getFieldData", """{"fieldId": "department", "filter": "", "orderList": []}""", """["Dev","HR","IT"]"""),
            ("statisticFieldData", """{"filter": "Q(Q('status', '=', 'active'))", "fieldAggrMap": {"age": "AVG", "salary": "SUM"}}""", """{"age":27.5,"salary":11000}"""),
            ("aggregate", """{"filter": "Q(status='active')", "aggrField": "age", "aggrType": "AVG"}""", "27.5"),
            ("aggregate", """{"filter": "", "aggrField": "id", "aggrType": "COUNT"}""", "5"),
            ("getExportData", """{"filter": "Q(Q('status', '=', 'active'))", "fieldList": ["name", "department"], "page": 1, "size": 1000}""",
                """{"rowDatas":[{"name":"John","department":"IT"},{"name":"Testing","department":"IT"}],"totalCount":2}"""),
            ("getCompareResult", """{"q": "Q(age__gte=18) & Q(status='active')", "bizRow": {"age": 25, "status": "active"}}""", "true"),
        };
        foreach (var (function, args, expected) in calls)
        {
            var (http, invoked) = await BothAsync(function, JsonNode.Parse(args)!.AsObject());
            Assert.Equal(expected, http!.ToJsonString());
            Assert.Equal(expected, invoked!.ToJsonString());
        }
    }
}
