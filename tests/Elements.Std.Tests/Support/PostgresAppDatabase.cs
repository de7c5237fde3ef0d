using Elements.Testing.Postgres;


namespace Elements.Std.Tests.Support;

/// <summary>
/// Switches the app to PostgreSQL the documented way: its own <c>databases.Default</c> of type
/// <c>databases.PostgresType</c>, the connection string supplied through the app's envVars as <c>{{PG_CONN}}</c>.
/// </summary>
public sealed class PostgresAppDatabase(PostgresServer server) : IAppDatabase
{
    private string? _connectionString;

    public string Provider => "postgres";

    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("not prepared");

    public async Task<IReadOnlyDictionary<string, string>> PrepareAsync()
    {
        _connectionString = await server.CreateDatabaseAsync("std");
        return new Dictionary<string, string> { ["PG_CONN"] = _connectionString };
    }

    public void WriteOverrides(AppFolder folder) => folder.WriteElement("databases.Default",
        """{"title": "App database", "type": "databases.PostgresType", "connectionString": "{{PG_CONN}}"}""");

    public async Task CleanupAsync()
    {
        if (_connectionString is not null)
        {
            await server.DropDatabaseAsync(_connectionString);
        }
    }
}
