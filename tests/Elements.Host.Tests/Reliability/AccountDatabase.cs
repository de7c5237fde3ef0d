using System.Data.Common;
using System.Text.Json.Nodes;
using Elements.Host.Tests.Support;
using Elements.Testing.Postgres;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Elements.Host.Tests.Reliability;

/// <summary>
/// The database behind a <see cref="SampleAppCopy"/>'s <c>databases.Default</c>, opened directly (not through the
/// elements) so that the account tables can be checked as they really are.
/// </summary>
internal abstract class AccountDatabase
{
    public abstract string Provider { get; }

    /// <summary>Points the copy at this database (before the host starts).</summary>
    public abstract Task PrepareAsync(SampleAppCopy copy);

    public abstract DbConnection Open();

    public virtual Task CleanupAsync() => Task.CompletedTask;

    public static AccountDatabase Sqlite() => new SqliteAccountDatabase();

    public static AccountDatabase Postgres(PostgresServer server) => new PostgresAccountDatabase(server);

    private sealed class SqliteAccountDatabase : AccountDatabase
    {
        private string? _file;

        public override string Provider => "sqlite";

        public override Task PrepareAsync(SampleAppCopy copy)
        {
            // The library's databases.Default: appData/app.db below the app being run.
            _file = Path.Combine(copy.Root, "appData", "app.db");
            return Task.CompletedTask;
        }

        public override DbConnection Open()
        {
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = _file ?? throw new InvalidOperationException("not prepared"),
                Mode = SqliteOpenMode.ReadOnly,
                Pooling = false,
            }.ConnectionString);
            connection.Open();
            return connection;
        }
    }

    private sealed class PostgresAccountDatabase(PostgresServer server) : AccountDatabase
    {
        private string? _connectionString;

        public override string Provider => "postgres";

        public override async Task PrepareAsync(SampleAppCopy copy)
        {
            _connectionString = await server.CreateDatabaseAsync("reliability");
            // The app's own databases.Default replaces the library's SQLite one; the connection string reaches it as
            // an envVar of this throwaway copy, never through a committed file.
            Directory.CreateDirectory(Path.Combine(copy.Root, "databases", "Default"));
            await File.WriteAllTextAsync(Path.Combine(copy.Root, "databases", "Default", "e.json"),
                """{"title": "App database", "type": "databases.PostgresType", "connectionString": "{{PG_CONN}}"}""");
            var appJson = Path.Combine(copy.Root, "app.json");
            var app = JsonNode.Parse(await File.ReadAllTextAsync(appJson))!.AsObject();
            app["envVars"] = new JsonObject { ["PG_CONN"] = _connectionString };
            await File.WriteAllTextAsync(appJson, app.ToJsonString());
        }

        public override DbConnection Open()
        {
            var connection = new NpgsqlConnection(_connectionString ?? throw new InvalidOperationException("not prepared"));
            connection.Open();
            return connection;
        }

        public override async Task CleanupAsync()
        {
            if (_connectionString is not null)
            {
                await server.DropDatabaseAsync(_connectionString);
            }
        }
    }
}
