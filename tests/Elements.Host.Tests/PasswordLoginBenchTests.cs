using Elements.Host.Bench;
using Elements.Testing.Repository;

namespace Elements.Host.Tests;

/// <summary>
/// Keeps issue 14's password login bench working and correct (not fast: a CI machine's timing proves nothing): a short
/// run has no 5xx, every login either got a session or a clear 429/503 with Retry-After, and the probe saw /healthz
/// healthy throughout.
/// </summary>
public sealed class PasswordLoginBenchTests
{
    [Fact]
    public async Task A_short_password_login_bench_has_no_5xx_and_only_sessions_or_clear_refusals()
    {
        var result = await PasswordLoginBench.MeasureAsync(SampleApp.Folder, clients: 4, TimeSpan.FromSeconds(4), userCount: 2);

        Assert.Equal(0, result.ServerErrors);
        Assert.Equal(0, result.Unclear);
        Assert.True(result.Logins > 0, "no login completed");
        Assert.All(result.ByStatus.Keys, status => Assert.Contains(status, new[] { 429, 503 }));
        Assert.NotEmpty(result.ProbeMs);
        Assert.Equal(0, result.ProbeFailures);
    }
}
