using Elements.Host.Bench;
using Elements.Testing.Repository;

namespace Elements.Host.Tests;

/// <summary>Keeps the login bench (issue 7's load run) working: a small run must pass its own checks.</summary>
public sealed class LoginBenchTests
{
    [Fact]
    public async Task A_small_login_bench_completes_without_errors_or_duplicate_users()
    {
        var exitCode = await LoginBench.RunAsync(["logins", "--app", SampleApp.Folder, "--logins", "40", "--clients", "4", "--users", "8"]);

        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task An_unknown_bench_is_a_usage_error()
    {
        Assert.Equal(2, await LoginBench.RunAsync(["sessions"]));
    }
}
