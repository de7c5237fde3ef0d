using Elements.Host.Bench;
using Elements.Testing.Repository;

namespace Elements.Host.Tests;

/// <summary>
/// Keeps the login bench (issues 7 and 18) working: a small run must pass its own checks. Exit code 0 means no error on
/// either server (the host and the hand-written baseline), no duplicate user, and every login answered the user id
/// registered for its WeChat user on both. A correctness check, never a timing gate.
/// </summary>
public sealed class LoginBenchTests
{
    [Fact]
    public async Task A_small_login_bench_completes_without_errors_or_duplicate_users_on_both_servers()
    {
        // The shipped logging defaults (no --log-level), two interleaved rounds, statement counting with --show-sql.
        var exitCode = await LoginBench.RunAsync(["logins", "--app", SampleApp.Folder, "--logins", "40", "--clients", "4", "--users", "16", "--rounds", "2", "--show-sql"]);

        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task An_unknown_bench_is_a_usage_error()
    {
        Assert.Equal(2, await LoginBench.RunAsync(["sessions"]));
    }

    [Theory]
    [InlineData("Loud")]
    [InlineData("7")]
    public async Task An_unknown_log_level_is_a_usage_error(string level)
    {
        Assert.Equal(2, await LoginBench.RunAsync(["logins", "--app", SampleApp.Folder, "--log-level", level]));
    }

    [Theory]
    [InlineData("UPDATE t SET a = 'x''y', b = 12, c = -3.5e2 WHERE h = X'0A' AND t2.k = 1", "UPDATE t SET a = ?, b = ?, c = ? WHERE h = ? AND t2.k = ?")]
    [InlineData("SELECT \"c1\"  FROM\n \"t\" LIMIT 1", "SELECT \"c1\" FROM \"t\" LIMIT ?")]
    public void A_statement_shape_hides_literal_values(string sql, string shape)
    {
        Assert.Equal(shape, StatementTally.Shape(sql));
    }
}
