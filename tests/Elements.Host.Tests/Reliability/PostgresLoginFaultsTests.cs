using Elements.Testing.Postgres;
using Xunit.Abstractions;

namespace Elements.Host.Tests.Reliability;

[Collection(ReliabilityPostgres.Name)]
public sealed class PostgresLoginFaultsTests(PostgresServer server, ITestOutputHelper output) : LoginFaultsTests(output)
{
    private protected override AccountDatabase Database { get; } = AccountDatabase.Postgres(server);
}
