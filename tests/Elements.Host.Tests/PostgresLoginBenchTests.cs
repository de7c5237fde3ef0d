using Elements.Host.Bench;
using Elements.Host.Tests.Support;
using Elements.Testing.Postgres;
using Elements.Testing.Repository;

namespace Elements.Host.Tests;

/// <summary>
/// The login bench's <c>--postgres</c> mode (issue 18): both servers on their own throwaway database of a real
/// PostgreSQL server, statements counted through Npgsql's command trace. A correctness check, never a timing gate.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresLoginBenchTests(PostgresServer server)
{
    [Fact]
    public async Task A_small_login_bench_on_PostgreSQL_completes_without_errors_or_duplicate_users_on_both_servers()
    {
        var exitCode = await LoginBench.RunAsync(["logins", "--app", SampleApp.Folder, "--postgres", server.AdminConnectionString,
            "--logins", "40", "--clients", "4", "--users", "16", "--rounds", "2", "--show-sql"]);

        Assert.Equal(0, exitCode);
    }
}
