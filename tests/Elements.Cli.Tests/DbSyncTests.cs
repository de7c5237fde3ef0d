using Elements.Cli.Tests.Support;
using Elements.Testing.Golden;
using Elements.Testing.Sqlite;

namespace Elements.Cli.Tests;

public sealed class DbSyncTests
{
    private const string Todo = """
        { "title": "Todo", "type": "models.NormalType", "fields": [
          { "name": "id", "dataType": "AutoInt", "primaryKey": true },
          { "name": "text", "dataType": "Stext", "maxLen": 64, "dbIndex": true },
          { "name": "done", "dataType": "Checkbox" } ] }
        """;

    /// <summary>The lines about the app's own models and the warnings under them (the std models vary with the library).</summary>
    private static string Own(string stdout) => string.Join("\n", stdout.Split('\n')
        .Where(l => l.StartsWith("models.", StringComparison.Ordinal) || l.StartsWith("  warning", StringComparison.Ordinal))
        .Select(l => System.Text.RegularExpressions.Regex.Replace(l, " {2,}", "  "))) + "\n";

    [Fact]
    public async Task Sync_creates_tables_then_reports_up_to_date_and_drift()
    {
        using var app = TempApp.Create();
        app.Write("models/Todo/e.json", Todo);

        var (exitCode, stdout, stderr) = await CliRunner.Run("db", "sync", "--app", app.Root);
        Assert.Equal("", stderr);
        Assert.Equal(0, exitCode);
        Assert.True(File.Exists(app.Full("appData/app.db")));
        Assert.Matches(@"\d+ model\(s\): \d+ synced, 0 failed, 0 warning\(s\)", stdout);
        // The scheduler's tables too, so a host whose database user cannot create tables still starts.
        Assert.Contains("QRTZ_TRIGGERS", await SqliteFile.TablesAsync(app.Full("appData/app.db")));
        Golden.Verify("db-sync-created.txt", Own(stdout));

        (exitCode, stdout, _) = await CliRunner.Run("db", "sync", "--app", app.Root);
        Assert.Equal(0, exitCode);
        Golden.Verify("db-sync-up-to-date.txt", Own(stdout));

        // A type change is drift: reported, never applied, and not a failure. A new field is added.
        app.Write("models/Todo/e.json", Todo.Replace("\"done\", \"dataType\": \"Checkbox\"", "\"done\", \"dataType\": \"Datetime\"")
            .Replace("] }", ", { \"name\": \"note\", \"dataType\": \"Ltext\" } ] }"));
        (exitCode, stdout, stderr) = await CliRunner.Run("db", "sync", "--app", app.Root);
        Assert.Equal("", stderr);
        Assert.Equal(0, exitCode);
        Assert.Contains("warning TYPE_DRIFT models_Todo.done", stdout);
        Golden.Verify("db-sync-drift.txt", Own(stdout));
    }

    [Fact]
    public async Task Sync_json_lists_each_model()
    {
        using var app = TempApp.Create();
        app.Write("models/Todo/e.json", Todo);
        var (exitCode, stdout, _) = await CliRunner.Run("db", "sync", "--app", app.Root, "--json");
        Assert.Equal(0, exitCode);
        var results = System.Text.Json.Nodes.JsonNode.Parse(stdout)!.AsArray();
        var todo = Assert.Single(results, r => (string?)r!["model"] == "models.Todo")!;
        Assert.True((bool)todo["succeeded"]!);
        Assert.True((bool)todo["createdTable"]!);
        Assert.Equal("models_Todo", (string?)todo["table"]);
    }

    [Fact]
    public async Task Sync_failure_of_one_model_exits_1_and_the_others_still_sync()
    {
        using var app = TempApp.Create();
        app.Write("models/Todo/e.json", Todo);
        // A model on a database whose file cannot be created: its folder is a file.
        app.Write("blocked", "not a folder");
        app.Write("databases/Broken/e.json", """{ "title": "Broken", "type": "databases.SqliteType", "path": "blocked/x.db" }""");
        app.Write("models/Orphan/e.json", """
            { "title": "Orphan", "type": "models.NormalType", "db": "databases.Broken", "fields": [ { "name": "id", "dataType": "AutoInt", "primaryKey": true } ] }
            """);

        var (exitCode, stdout, _) = await CliRunner.Run("db", "sync", "--app", app.Root);
        Assert.Equal(1, exitCode);
        Assert.Matches(@"models\.Orphan .* error ", stdout);
        Assert.Matches(@"models\.Todo .* created table", stdout);
        Assert.Matches(@"synced, 1 failed", stdout);
    }

    [Fact]
    public async Task Sync_of_a_broken_app_prints_diagnostics()
    {
        using var app = TempApp.Create();
        app.Write("models/Bad/e.json", """{ "title": "Bad", "type": "models.NormalType", "fields": [ { "name": "id", "dataType": "Nope" } ] }""");
        var (exitCode, stdout, stderr) = await CliRunner.Run("db", "sync", "--app", app.Root);
        Assert.Equal(1, exitCode);
        Assert.Equal("", stdout);
        Assert.Contains("error EL0010", stderr);
    }
}
