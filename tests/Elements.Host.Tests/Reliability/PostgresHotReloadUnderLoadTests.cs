using Elements.Testing.Postgres;
using Xunit.Abstractions;

namespace Elements.Host.Tests.Reliability;

[Collection(ReliabilityPostgres.Name)]
public sealed class PostgresHotReloadUnderLoadTests(PostgresServer server, ITestOutputHelper output) : HotReloadUnderLoadTests(output)
{
    private protected override AccountDatabase Database { get; } = AccountDatabase.Postgres(server);
}
