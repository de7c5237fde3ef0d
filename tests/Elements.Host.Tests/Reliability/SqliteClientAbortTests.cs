using Xunit.Abstractions;

namespace Elements.Host.Tests.Reliability;

public sealed class SqliteClientAbortTests(ITestOutputHelper output) : ClientAbortTests(output)
{
    private protected override AccountDatabase Database { get; } = AccountDatabase.Sqlite();
}
