using Elements.Testing;

namespace Elements.Auth.Tests.Infrastructure;

/// <summary>Which database the test app's <c>databases.Default</c> is: the library's SQLite file, or PostgreSQL.</summary>
public interface IAppDatabase
{
    string Provider { get; }

    /// <summary>Prepares the database and returns the envVars the app needs.</summary>
    Task<IReadOnlyDictionary<string, string>> PrepareAsync();

    void WriteOverrides(AuthAppFolder folder);

    Task CleanupAsync();
}

/// <summary>The library's own <c>databases.Default</c>: a real SQLite file under the app's appData/.</summary>
public sealed class SqliteAppDatabase : IAppDatabase
{
    public string Provider => "sqlite";

    public Task<IReadOnlyDictionary<string, string>> PrepareAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());

    public void WriteOverrides(AuthAppFolder folder)
    {
    }

    public Task CleanupAsync() => Task.CompletedTask;
}

/// <summary>The app's own <c>databases.Default</c> of type <c>databases.PostgresType</c> with <c>{{PG_CONN}}</c>.</summary>
public sealed class PostgresAppDatabase(PostgresServer server) : IAppDatabase
{
    private string? _connectionString;

    public string Provider => "postgres";

    public async Task<IReadOnlyDictionary<string, string>> PrepareAsync()
    {
        _connectionString = await server.CreateDatabaseAsync("auth");
        return new Dictionary<string, string> { ["PG_CONN"] = _connectionString };
    }

    public void WriteOverrides(AuthAppFolder folder) => folder.WriteElement("databases.Default",
        """{"title": "App database", "type": "databases.PostgresType", "connectionString": "{{PG_CONN}}"}""");

    public async Task CleanupAsync()
    {
        if (_connectionString is not null)
        {
            await server.DropDatabaseAsync(_connectionString);
        }
    }
}

/// <summary>One PostgreSQL server for every PostgreSQL test class; each test gets its own database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
