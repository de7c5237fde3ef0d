using Elements.Host.Tests.Reliability;

namespace Elements.Host.Tests.Security.Hostile;

public sealed class SqliteHostileCallerTests : HostileCallerTests
{
    private protected override AccountDatabase Database { get; } = AccountDatabase.Sqlite();
}
