using Xunit.Abstractions;

namespace Elements.Reliability.Tests.Load;

/// <summary>The load run on the sample app's default database: SQLite in the node's appData.</summary>
public sealed class SqliteLoadTests(ITestOutputHelper output)
{
    [Fact]
    public Task Serves_concurrent_clients_of_mixed_traffic_without_server_errors_in_bounded_memory() =>
        LoadScenario.RunAsync("SQLite", new Dictionary<string, string>(), postgres: false, output);
}
