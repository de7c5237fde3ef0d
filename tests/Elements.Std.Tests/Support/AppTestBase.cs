using System.Text.Json.Nodes;
using Dapper;
using Elements.Std.Databases;

namespace Elements.Std.Tests.Support;

/// <summary>
/// A fixture app with two sample models (<c>models.Todo</c>, <c>models.Tag</c>) on the app's <c>databases.Default</c>,
/// which is SQLite or PostgreSQL depending on the subclass: each suite is written once and runs on both.
/// </summary>
public abstract class AppTestBase(IAppDatabase database) : IAsyncLifetime
{
    public const string TodoJson = """
        {
          "title": "Todo",
          "type": "models.NormalType",
          "fields": [
            {"name": "title", "title": "Title", "dataType": "Stext", "maxLen": 100},
            {"name": "code", "title": "Code", "dataType": "Stext", "maxLen": 20, "unique": true},
            {"name": "done", "title": "Done", "dataType": "Checkbox", "value": false},
            {"name": "priority", "title": "Priority", "dataType": "Integer", "dbIndex": true},
            {"name": "dueAt", "title": "Due at", "dataType": "Datetime"},
            {"name": "cost", "title": "Cost", "dataType": "Money"},
            {"name": "meta", "title": "Meta", "dataType": "JitDict"}
          ]
        }
        """;

    public const string TagJson = """
        {
          "title": "Tag",
          "type": "models.NormalType",
          "db": "databases.Default",
          "table": "todo_tags",
          "fields": [
            {"name": "name", "title": "Name", "dataType": "Stext", "maxLen": 40, "unique": true},
            {"name": "todoCode", "title": "Todo code", "dataType": "Stext", "maxLen": 20}
          ]
        }
        """;

    private AppFolder? _folder;
    private ElementApp? _app;

    protected IAppDatabase Database => database;

    protected bool IsPostgres => database.Provider == "postgres";

    protected AppFolder Folder => _folder ?? throw new InvalidOperationException("not initialized");

    protected ElementApp App => _app ?? throw new InvalidOperationException("not initialized");

    protected DatabaseElement DefaultDatabase => App.GetElement<DatabaseElement>("databases.Default");

    public async Task InitializeAsync()
    {
        var envVars = await database.PrepareAsync();
        _folder = AppFolder.Create(envVars: envVars);
        database.WriteOverrides(_folder);
        _folder.WriteElement("models.Todo", TodoJson);
        _folder.WriteElement("models.Tag", TagJson);
        await BeforeLoadAsync(_folder);
        _app = Load(_folder);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            // The runtime does not own element objects' resources; the test releases the pool it made.
            if (_app.TryGetElement("databases.Default", out var element) && element is DatabaseElement db)
            {
                await db.DisposeAsync();
            }

            _app.Dispose();
        }

        await database.CleanupAsync();
        _folder?.Dispose();
    }

    /// <summary>Loads the app (suites whose elements bring C# code add the compiler here).</summary>
    protected virtual ElementApp Load(AppFolder folder) => folder.Load();

    /// <summary>Hook for suites that need more files (or raw tables) before the app loads.</summary>
    protected virtual Task BeforeLoadAsync(AppFolder folder) => Task.CompletedTask;

    protected Task<JsonNode?> InvokeAsync(string model, string function, string argsJson) =>
        App.InvokeAsync(model, function, JsonNode.Parse(argsJson)!.AsObject());

    protected static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>What is really in the table, read with raw SQL beside the model layer.</summary>
    protected async Task<long> RawCountAsync(string table)
    {
        await using var connection = await DefaultDatabase.Database.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM \"{table}\"");
    }

    protected async Task RawExecAsync(string sql)
    {
        await using var connection = await DefaultDatabase.Database.OpenConnectionAsync();
        await connection.ExecuteAsync(sql);
    }
}
