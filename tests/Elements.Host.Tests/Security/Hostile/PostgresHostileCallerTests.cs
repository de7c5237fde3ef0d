using Elements.Host.Tests.Reliability;
using Elements.Testing.Postgres;

namespace Elements.Host.Tests.Security.Hostile;

[Collection(ReliabilityPostgres.Name)]
public sealed class PostgresHostileCallerTests(PostgresServer server) : HostileCallerTests
{
    private protected override AccountDatabase Database { get; } = AccountDatabase.Postgres(server);
}
