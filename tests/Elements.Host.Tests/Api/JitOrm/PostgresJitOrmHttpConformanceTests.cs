using Elements.Host.Tests.Reliability;
using Elements.Testing.Postgres;

namespace Elements.Host.Tests.Api.JitOrm;

[Collection(ReliabilityPostgres.Name)]
public sealed class PostgresJitOrmHttpConformanceTests(PostgresServer server) : JitOrmHttpConformanceTests
{
    private protected override AccountDatabase Database { get; } = AccountDatabase.Postgres(server);
}
