using Elements.Host.Tests.Reliability;

namespace Elements.Host.Tests.Api.JitOrm;

public sealed class SqliteJitOrmHttpConformanceTests : JitOrmHttpConformanceTests
{
    private protected override AccountDatabase Database { get; } = AccountDatabase.Sqlite();
}
