using System.Text.Json.Nodes;
using Elements.Cli.Tests.Support;
using Elements.Testing.Postgres;

namespace Elements.Cli.Tests;

/// <summary>
/// A sample model's functions through <c>elements invoke</c>, written once and run on SQLite and on PostgreSQL (the app
/// overrides <c>databases.Default</c>), including errors that must leave the data as it was.
/// </summary>
public abstract class ModelInvokeTests : IAsyncLifetime
{
    private const string Todo = """
        { "title": "Todo", "type": "models.NormalType", "fields": [
          { "name": "id", "dataType": "AutoInt", "primaryKey": true },
          { "name": "title", "dataType": "Stext", "maxLen": 20, "unique": true },
          { "name": "done", "dataType": "Checkbox", "value": false } ] }
        """;

    private TempApp _app = null!;

    private protected abstract Task ConfigureDatabaseAsync(TempApp app);

    public async Task InitializeAsync()
    {
        _app = TempApp.Create();
        _app.Write("models/Todo/e.json", Todo);
        await ConfigureDatabaseAsync(_app);
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Create_get_query_update_delete_through_the_cli()
    {
        var first = await Invoke("create", """{"rowData": {"title": "write"}}""");
        await Invoke("create", """{"rowData": {"title": "test", "done": true}}""");
        var id = (int)first["id"]!;

        var got = await Invoke("get", """{"filter": "Q('title', '=', 'write')"}""");
        var done = await Invoke("query", """{"filter": "Q('done', '=', true)", "orderList": [["id", 1]]}""");
        await Invoke("updateByPK", $$$"""{"pkList": [{{{id}}}], "updateData": {"done": true}}""");
        var all = await Invoke("query", """{"filter": "Q('done', '=', true)"}""");
        await Invoke("deleteByPK", $$$"""{"pkList": [{{{id}}}]}""");
        var left = await Invoke("query", "{}");

        Assert.Equal(false, (bool?)first["done"]);
        Assert.Equal(id, (int)got["id"]!);
        Assert.Equal(["test"], done["rowDatas"]!.AsArray().Select(r => (string)r!["title"]!));
        Assert.Equal(2, (int)all["totalCount"]!);
        Assert.Equal(["test"], left["rowDatas"]!.AsArray().Select(r => (string)r!["title"]!));
    }

    [Theory]
    [InlineData("""{"rowData": {"title": "write"}}""", "DB_CONSTRAINT")]
    [InlineData("""{"rowData": {"nope": 1}}""", "DB_UNKNOWN_FIELD")]
    [InlineData("""{"rowData": {"title": "far too long for twenty characters"}}""", "DB_BAD_VALUE")]
    public async Task A_failed_create_is_a_json_error_and_changes_nothing(string args, string code)
    {
        await Invoke("create", """{"rowData": {"title": "write"}}""");

        var (exitCode, stdout, stderr) = await CliRunner.Run("invoke", "models.Todo", "create", "--app", _app.Root, "--args", args);

        Assert.Equal(1, exitCode);
        Assert.Equal("", stdout);
        Assert.Equal(code, (string?)JsonNode.Parse(stderr)!["error"]!["code"]);
        Assert.Equal(1, (int)(await Invoke("query", "{}"))["totalCount"]!);
    }

    [Fact]
    public async Task A_malformed_filter_names_its_position_and_changes_nothing()
    {
        await Invoke("create", """{"rowData": {"title": "write"}}""");

        var (exitCode, _, stderr) = await CliRunner.Run("invoke", "models.Todo", "deleteByFilter", "--app", _app.Root,
            "--args", """{"filter": "Q('title', '=', 'x'); DROP TABLE models_Todo"}""");

        Assert.Equal(1, exitCode);
        var error = JsonNode.Parse(stderr)!["error"]!;
        Assert.Equal("DB_BAD_FILTER", (string?)error["code"]);
        Assert.Contains("position", (string?)error["message"]);
        Assert.Equal(1, (int)(await Invoke("query", "{}"))["totalCount"]!);
    }

    private async Task<JsonObject> Invoke(string function, string args)
    {
        var (exitCode, stdout, stderr) = await CliRunner.Run("invoke", "models.Todo", function, "--app", _app.Root, "--args", args);
        Assert.True(exitCode == 0, stderr);
        return JsonNode.Parse(stdout) as JsonObject ?? [];
    }
}

public sealed class SqliteModelInvokeTests : ModelInvokeTests
{
    private protected override Task ConfigureDatabaseAsync(TempApp app) => Task.CompletedTask;
}

public sealed class PostgresModelInvokeTests(PostgresServer server) : ModelInvokeTests, IClassFixture<PostgresServer>
{
    private protected override async Task ConfigureDatabaseAsync(TempApp app)
    {
        var connectionString = await server.CreateDatabaseAsync("cli");
        app.Write("databases/Default/e.json", """{ "title": "Default database", "type": "databases.PostgresType", "connectionString": "{{PG_CONN}}" }""");
        // The connection string reaches the placeholder through the app's envVars, as an operator's environment would.
        app.Write("app.json", new JsonObject { ["appId"] = "test.Cli", ["envVars"] = new JsonObject { ["PG_CONN"] = connectionString } }.ToJsonString());
    }
}
