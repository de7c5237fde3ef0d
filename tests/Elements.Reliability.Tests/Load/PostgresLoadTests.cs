using Elements.Testing.Postgres;
using Xunit.Abstractions;

namespace Elements.Reliability.Tests.Load;

/// <summary>The load run with the app's databases.Default on PostgreSQL (a server of this class's own, so the class
/// runs in parallel with the others).</summary>
public sealed class PostgresLoadTests(PostgresServer server, ITestOutputHelper output) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Serves_concurrent_clients_of_mixed_traffic_without_server_errors_in_bounded_memory()
    {
        var connectionString = await server.CreateDatabaseAsync("load");
        try
        {
            await LoadScenario.RunAsync("PostgreSQL", new Dictionary<string, string> { ["PG_CONN"] = connectionString }, postgres: true, output);
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }
}
