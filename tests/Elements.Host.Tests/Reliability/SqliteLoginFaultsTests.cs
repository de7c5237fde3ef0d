using Xunit.Abstractions;

namespace Elements.Host.Tests.Reliability;

public sealed class SqliteLoginFaultsTests(ITestOutputHelper output) : LoginFaultsTests(output)
{
    private protected override AccountDatabase Database { get; } = AccountDatabase.Sqlite();
}
