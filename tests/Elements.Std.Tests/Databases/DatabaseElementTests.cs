using System.Text.Json.Nodes;
using Elements.Diagnostics;
using Elements.Std.Databases;
using Elements.Std.Models;
using Elements.Std.Tests.Support;

namespace Elements.Std.Tests.Databases;

/// <summary>Where models store their rows (database elements, defaults, settings) and what a bad model is at load.</summary>
public sealed class DatabaseElementTests : IDisposable
{
    private readonly List<AppFolder> _folders = [];
    private readonly List<ElementApp> _apps = [];

    public void Dispose()
    {
        foreach (var app in _apps)
        {
            foreach (var name in new[] { "databases.Default", "databases.Archive", "databases.Relative" })
            {
                if (app.TryGetElement(name, out var element) && element is DatabaseElement db)
                {
                    db.Dispose();
                }
            }

            app.Dispose();
        }

        _folders.ForEach(f => f.Dispose());
    }

    private AppFolder Folder(JsonObject? settings = null, IReadOnlyDictionary<string, string>? envVars = null)
    {
        var folder = AppFolder.Create(settings, envVars);
        _folders.Add(folder);
        folder.WriteElement("models.Todo", AppTestBase.TodoJson);
        return folder;
    }

    private ElementApp Load(AppFolder folder)
    {
        var app = folder.Load();
        _apps.Add(app);
        return app;
    }

    [Fact]
    public async Task The_library_default_is_a_sqlite_file_under_the_running_apps_appData()
    {
        var first = Folder();
        var second = Folder();
        var a = Load(first);
        var b = Load(second);

        await a.InvokeAsync("models.Todo", "create", Obj("""{"rowData": {"title": "in a", "code": "A"}}"""));
        var inB = await b.InvokeAsync("models.Todo", "query", []);

        var db = a.GetElement<SqliteDatabaseElement>("databases.Default");
        Assert.Equal("elements.std", a.GetElementDefine("databases.Default").AppId);
        Assert.Equal(Path.Combine(first.Path, "appData", "app.db"), db.FilePath);
        Assert.True(File.Exists(db.FilePath));
        Assert.Equal("sqlite", db.Provider);
        Assert.Equal(0, inB!["totalCount"]!.GetValue<long>());
        Assert.True(File.Exists(Path.Combine(second.Path, "appData", "app.db")));
    }

    [Fact]
    public async Task Settings_defaultDatabase_redirects_models_that_name_no_database()
    {
        var folder = Folder(new JsonObject { ["defaultElement"] = new JsonObject { ["defaultDatabase"] = "databases.Archive" } });
        folder.WriteElement("databases.Archive", """{"title": "Archive", "type": "databases.SqliteType", "path": "appData/archive.db"}""");
        folder.WriteElement("models.Pinned", """
            {"title": "Pinned", "type": "models.NormalType", "db": "databases.Default", "fields": [{"name": "label", "dataType": "Stext"}]}
            """);
        var app = Load(folder);

        await app.InvokeAsync("models.Todo", "create", Obj("""{"rowData": {"title": "archived", "code": "Z"}}"""));
        await app.InvokeAsync("models.Pinned", "create", Obj("""{"rowData": {"label": "pinned"}}"""));

        Assert.Equal("databases.Archive", app.GetElement<ModelElement>("models.Todo").DatabaseName);
        Assert.Equal("databases.Default", app.GetElement<ModelElement>("models.Pinned").DatabaseName);
        Assert.True(File.Exists(Path.Combine(folder.Path, "appData", "archive.db")));
        Assert.True(File.Exists(Path.Combine(folder.Path, "appData", "app.db")));
        Assert.NotEqual(app.GetElement<ModelElement>("models.Todo").DatabaseElement, app.GetElement<ModelElement>("models.Pinned").DatabaseElement);
    }

    [Fact]
    public async Task A_relative_sqlite_connection_string_resolves_against_the_app_root()
    {
        var folder = Folder();
        folder.WriteElement("databases.Relative", """
            {"title": "Relative", "type": "databases.SqliteType", "connectionString": "Data Source=appData/custom.db;Cache=Shared"}
            """);
        folder.WriteElement("models.Note", """
            {"title": "Note", "type": "models.NormalType", "db": "databases.Relative", "fields": [{"name": "text", "dataType": "Ltext"}]}
            """);
        var app = Load(folder);

        await app.InvokeAsync("models.Note", "create", Obj("""{"rowData": {"text": "hello"}}"""));

        Assert.True(File.Exists(Path.Combine(folder.Path, "appData", "custom.db")));
    }

    [Fact]
    public async Task An_unreachable_postgres_is_a_clear_error_without_the_password()
    {
        const string password = "Sup3rSecretPassw0rd";
        var folder = Folder(envVars: new Dictionary<string, string>
        {
            ["PG_CONN"] = $"Host=127.0.0.1;Port=1;Database=nowhere;Username=nobody;Password={password};Timeout=2",
        });
        folder.WriteElement("databases.Default", """{"title": "Down", "type": "databases.PostgresType", "connectionString": "{{PG_CONN}}"}""");
        var app = Load(folder);

        var ex = await Assert.ThrowsAnyAsync<ElementException>(() => app.InvokeAsync("models.Todo", "create", Obj("""{"rowData": {"title": "x"}}""")));

        Assert.StartsWith("DB_", ex.Code, StringComparison.Ordinal);
        Assert.DoesNotContain(password, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(password, app.GetElement("databases.Default").ToString()!, StringComparison.Ordinal);
        Assert.Equal("***", app.GetElementDefine("databases.Default").GetRedactedConfig()["connectionString"]!.GetValue<string>());
        var sync = Assert.Single(await ModelSync.SyncAllAsync(app), r => r.Model == "models.Todo");
        Assert.False(sync.Succeeded);
        Assert.DoesNotContain(password, sync.ErrorMessage!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"name": "photo", "dataType": "Blob"}""", "Blob")]
    [InlineData("""{"name": "select", "dataType": "Stext"}""", "select")]
    [InlineData("""{"name": "bad name", "dataType": "Stext"}""", "bad name")]
    public void A_bad_model_schema_is_a_load_error_naming_the_problem(string field, string expected)
    {
        var folder = Folder();
        folder.WriteElement("models.Broken", $$"""{"title": "Broken", "type": "models.NormalType", "fields": [{{field}}]}""");

        var ex = Assert.Throws<ElementLoadException>(() => Load(folder));

        Assert.Contains(ex.Diagnostics, d => d.ToString().Contains("models.Broken", StringComparison.Ordinal)
            && d.ToString().Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("owner", "ownerField 'owner' is not a field of the model; fields: id, title, userId")]
    [InlineData("title", "ownerField 'title' must be a non-key Integer field (it holds the owner's userId), not Stext")]
    [InlineData("id", "ownerField 'id' must be a non-key Integer field (it holds the owner's userId), not the primary key")]
    public void An_owner_field_that_is_not_a_declared_integer_field_is_a_load_error(string ownerField, string expected)
    {
        var folder = Folder();
        folder.WriteElement("models.Owned", $$"""
            {"title": "Owned", "type": "models.NormalType", "ownerField": "{{ownerField}}",
             "fields": [{"name": "title", "dataType": "Stext"}, {"name": "userId", "dataType": "Integer"}]}
            """);

        var ex = Assert.Throws<ElementLoadException>(() => Load(folder));

        var diagnostic = Assert.Single(ex.Diagnostics, d => d.ToString().Contains("models.Owned", StringComparison.Ordinal));
        Assert.Equal("EL0010", diagnostic.Code);
        Assert.Contains(expected, diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"title": "Empty", "type": "databases.SqliteType"}""", "path")]
    [InlineData("""{"title": "Empty", "type": "databases.PostgresType"}""", "connectionString")]
    public void A_database_without_a_location_is_a_load_error(string eJson, string expected)
    {
        var folder = Folder();
        folder.WriteElement("databases.Empty", eJson);

        var ex = Assert.Throws<ElementLoadException>(() => Load(folder));

        Assert.Contains(ex.Diagnostics, d => d.ToString().Contains("databases.Empty", StringComparison.Ordinal)
            && d.ToString().Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_model_naming_a_missing_database_fails_at_activation_with_the_name()
    {
        var folder = Folder();
        folder.WriteElement("models.Lost", """{"title": "Lost", "type": "models.NormalType", "db": "databases.Nowhere", "fields": [{"name": "a", "dataType": "Stext"}]}""");
        var app = Load(folder);

        var ex = Assert.ThrowsAny<ElementException>(() => app.GetElement("models.Lost"));

        Assert.Contains("databases.Nowhere", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Default_table_names_follow_the_full_name_and_stay_valid_when_long()
    {
        var longName = "models." + new string('m', 40) + ".Nested" + new string('n', 30);
        var folder = Folder();
        folder.WriteElement(longName, """{"title": "Long", "type": "models.NormalType", "fields": [{"name": "a", "dataType": "Stext"}]}""");
        var app = Load(folder);

        await app.InvokeAsync(longName, "create", Obj("""{"rowData": {"a": "x"}}"""));
        var table = app.GetElement<ModelElement>(longName).Schema.Table;

        Assert.Equal("models_Todo", ModelElement.DefaultTableName("models.Todo"));
        Assert.Equal(63, table.Length);
        Assert.StartsWith("models_mmmm", table, StringComparison.Ordinal);
        Assert.Equal(table, ModelElement.DefaultTableName(longName));
        Assert.NotEqual(table, ModelElement.DefaultTableName(longName + "x"));
    }

    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();
}
