using Elements.WeChat.Errors;
using Elements.WeChat.Tests.Support;
using Elements.WeChatSandbox.Contracts;
using static Elements.WeChat.Tests.Support.WeChatTestApps;

namespace Elements.WeChat.Tests.Client;

/// <summary>A WeChat hiccup is not a failure of this process: the retry pipeline reports it as a warning, never as an
/// error (Polly's default for a timed-out or last failed attempt), whether a retry recovers or not.</summary>
public sealed class ResilienceLoggingTests : SandboxTestBase
{
    [Fact]
    public async Task Timed_out_and_failed_attempts_are_warnings_not_errors()
    {
        UseHarness(o =>
        {
            // 1 s per attempt: 0.3 s timed out the instant 500 answers of the second part on a loaded CI machine.
            o.AttemptTimeout = TimeSpan.FromSeconds(1);
            o.Timeout = TimeSpan.FromSeconds(20);
        });

        // Recovered: the first attempt times out, the retry answers.
        await Sandbox.Control.InjectFaultAsync(new SandboxFault { Path = "/sns/jscode2session", DelayMs = 4000 });
        var code = await Sandbox.Control.MintLoginCodeAsync(MiniAppId, Alice);
        Assert.False(string.IsNullOrEmpty((await Client.Code2SessionAsync(MiniAppId, code.Code)).OpenId));

        // Not recovered: every attempt answers HTTP 500.
        await Sandbox.Control.InjectFaultAsync(new SandboxFault { Path = "/sns/jscode2session", HttpStatus = 500, Count = 10 });
        var failed = await Assert.ThrowsAsync<WeChatHttpException>(async () =>
            await Client.Code2SessionAsync(MiniAppId, (await Sandbox.Control.MintLoginCodeAsync(MiniAppId, Alice)).Code));
        Assert.Equal(500, failed.StatusCode);

        var entries = Harness.Logs.Entries;
        Assert.Contains(entries, e => e.StartsWith("[Warning] Polly", StringComparison.Ordinal) && e.Contains("OnTimeout", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.StartsWith("[Warning] Polly", StringComparison.Ordinal) && e.Contains("'500'", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.StartsWith("[Error]", StringComparison.Ordinal) || e.StartsWith("[Critical]", StringComparison.Ordinal));
    }
}
