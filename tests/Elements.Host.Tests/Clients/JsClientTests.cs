using System.Text.RegularExpressions;
using Elements.Host.Tests.Support;

namespace Elements.Host.Tests.Clients;

/// <summary>
/// The TypeScript / mini-program SDK in <c>clients/js</c>, end to end: its own suite (typecheck, then Vitest) runs
/// under Node against the real host on the sample app, with the in-process WeChat sandbox behind it. Node is a
/// required part of the test machine (test.sh installs it): a missing node fails here rather than skipping.
/// </summary>
public sealed partial class JsClientTests
{
    [Fact]
    public async Task Js_sdk_suite_passes_against_the_sample_app_host()
    {
        await NodeClient.EnsureInstalledAsync();
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync(TestHost.LoadSettings());

        var (exitCode, output) = await NodeClient.RunAsync("npm", ["test"], TimeSpan.FromMinutes(5),
            ("ELEMENTS_BASE_URL", host.BaseUri.AbsoluteUri.TrimEnd('/')));

        Assert.True(exitCode == 0, $"npm test (typecheck + vitest) exited {exitCode}:\n{output}");
        // Every test ran and passed: "Tests  17 passed (17)", not "16 passed | 1 skipped (17)".
        var summary = TestSummary().Match(output);
        Assert.True(summary.Success && summary.Groups["passed"].Value == summary.Groups["total"].Value,
            $"vitest ran fewer tests than it found:\n{output}");
    }

    [GeneratedRegex(@"Tests\s+(?<passed>\d+) passed \((?<total>\d+)\)")]
    private static partial Regex TestSummary();
}
