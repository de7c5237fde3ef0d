using Elements.Testing.Postgres;
using Xunit.Abstractions;

namespace Elements.Host.Tests.Reliability;

[Collection(ReliabilityPostgres.Name)]
public sealed class PostgresClientAbortTests(PostgresServer server, ITestOutputHelper output) : ClientAbortTests(output)
{
    private protected override AccountDatabase Database { get; } = AccountDatabase.Postgres(server);
}
