using Xunit.Abstractions;

namespace Elements.Host.Tests.Reliability;

public sealed class SqliteHotReloadUnderLoadTests(ITestOutputHelper output) : HotReloadUnderLoadTests(output)
{
    private protected override AccountDatabase Database { get; } = AccountDatabase.Sqlite();
}
