using Elements.Data.Storage;
using Elements.Testing.Postgres;


namespace Elements.Data.Tests.Support;

/// <summary>A fresh database (CREATE DATABASE) on the shared test server.</summary>
public sealed class PostgresProvider(PostgresServer server) : IDatabaseProvider
{
    private string? _connectionString;

    public async Task<Database> CreateAsync()
    {
        _connectionString = await server.CreateDatabaseAsync("data");
        // A bounded pool, as an app would configure: 100 parallel writers must queue for connections rather than
        // exceed a stock server's max_connections (100).
        return new PostgresDatabase(new Npgsql.NpgsqlConnectionStringBuilder(_connectionString) { MaxPoolSize = 20 }.ConnectionString);
    }

    public async Task CleanupAsync()
    {
        if (_connectionString is not null)
        {
            await server.DropDatabaseAsync(_connectionString);
        }
    }
}
