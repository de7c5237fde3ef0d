using System.Text.Json.Nodes;
using Dapper;
using Elements.Data.Schema;
using Elements.Data.Storage;

namespace Elements.Data.Tests.Support;

/// <summary>Provider tests are written once against this base and run by a SQLite and a PostgreSQL subclass.</summary>
public abstract class ProviderTestBase(IDatabaseProvider provider) : IAsyncLifetime
{
    private Database? _db;

    protected Database Db => _db ?? throw new InvalidOperationException("not initialized");

    protected bool IsPostgres => Db.Provider == "postgres";

    public async Task InitializeAsync() => _db = await provider.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }

        await provider.CleanupAsync();
    }

    protected static ModelSchema Schema(string json) => ModelSchema.Parse(json);

    protected async Task<ModelStore> StoreAsync(string json)
    {
        var store = new ModelStore(Db, Schema(json));
        await store.SyncSchemaAsync();
        return store;
    }

    protected static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>Raw SQL for checking what really is in the database.</summary>
    protected async Task<long> RawCountAsync(string table)
    {
        await using var c = await Db.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM \"{table}\"");
    }

    protected async Task RawExecAsync(string sql)
    {
        await using var c = await Db.OpenConnectionAsync();
        await c.ExecuteAsync(sql);
    }

    protected const string PeopleJson = """
        {
          "table": "people",
          "title": "People",
          "fields": [
            {"name": "name", "title": "Name", "dataType": "Stext", "maxLen": 50, "dbIndex": true},
            {"name": "email", "dataType": "Stext", "unique": true},
            {"name": "age", "dataType": "Integer"},
            {"name": "status", "dataType": "Stext", "maxLen": 10, "value": "new"},
            {"name": "score", "dataType": "Numeric", "decimal": 2},
            {"name": "joinedAt", "dataType": "Datetime"},
            {"name": "active", "dataType": "Checkbox", "value": true}
          ],
          "unionIndexList": [["status", "age"]]
        }
        """;
}
