using System.ComponentModel;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Elements.Host.Tests.Support;
using Elements.Testing.Repository;

namespace Elements.Host.Tests.Clients;

/// <summary>
/// The TypeScript / mini-program SDK in <c>clients/js</c>, end to end: its own suite (typecheck, then Vitest) runs
/// under Node against the real host on the sample app, with the in-process WeChat sandbox behind it. Node is a
/// required part of the test machine (test.sh installs it): a missing node fails here rather than skipping.
/// </summary>
public sealed partial class JsClientTests
{
    // npm ci rewrites node_modules: two runs at once would trip over each other.
    private static readonly SemaphoreSlim Install = new(1, 1);

    private static string ClientFolder => Path.Combine(SampleApp.RepositoryRoot, "clients", "js");

    [Fact]
    public async Task Js_sdk_suite_passes_against_the_sample_app_host()
    {
        await EnsureInstalledAsync();
        using var copy = SampleAppCopy.Create();
        await using var host = await copy.StartAsync(TestHost.LoadSettings());

        var (exitCode, output) = await RunAsync("npm", ["test"], TimeSpan.FromMinutes(5),
            ("ELEMENTS_BASE_URL", host.BaseUri.AbsoluteUri.TrimEnd('/')));

        Assert.True(exitCode == 0, $"npm test (typecheck + vitest) exited {exitCode}:\n{output}");
        // Every test ran and passed: "Tests  17 passed (17)", not "16 passed | 1 skipped (17)".
        var summary = TestSummary().Match(output);
        Assert.True(summary.Success && summary.Groups["passed"].Value == summary.Groups["total"].Value,
            $"vitest ran fewer tests than it found:\n{output}");
    }

    /// <summary>npm ci when node_modules is missing or older than the lock file.</summary>
    private static async Task EnsureInstalledAsync()
    {
        await Install.WaitAsync();
        try
        {
            var installed = Path.Combine(ClientFolder, "node_modules", ".package-lock.json");
            var lockFile = Path.Combine(ClientFolder, "package-lock.json");
            if (File.Exists(installed) && File.GetLastWriteTimeUtc(installed) >= File.GetLastWriteTimeUtc(lockFile))
            {
                return;
            }

            var (exitCode, output) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
            Assert.True(exitCode == 0, $"npm ci in {ClientFolder} exited {exitCode}:\n{output}");
        }
        finally
        {
            Install.Release();
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string command, string[] args, TimeSpan timeout,
        params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(command, args)
        {
            WorkingDirectory = ClientFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["NO_COLOR"] = "1";
        start.Environment["FORCE_COLOR"] = "0";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"`{command}` could not be started ({e.Message}): the JS client's tests need Node.js and npm (test.sh installs them: apt-get install nodejs npm)", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                return (-1, $"timed out after {timeout}:\n{await stderr}{await stdout}");
            }

            return (process.ExitCode, await stdout + await stderr);
        }
    }

    [GeneratedRegex(@"Tests\s+(?<passed>\d+) passed \((?<total>\d+)\)")]
    private static partial Regex TestSummary();
}
