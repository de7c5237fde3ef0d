using Elements.Testing.Processes;
using Elements.Testing.Repository;

namespace Elements.Host.Tests.Support;

/// <summary>
/// The npm package in <c>clients/js</c> and its tools (Vitest, Redocly's CLI), installed once per test run from its
/// lock file and run as child processes. Node is a required part of the test machine (test.sh installs it): a missing
/// node fails the tests that need it rather than skipping them.
/// </summary>
internal static class NodeClient
{
    // npm ci rewrites node_modules: two runs at once would trip over each other.
    private static readonly SemaphoreSlim Install = new(1, 1);

    public static string Folder => Path.Combine(SampleApp.RepositoryRoot, "clients", "js");

    /// <summary>npm ci when node_modules is missing or older than the lock file.</summary>
    public static async Task EnsureInstalledAsync()
    {
        await Install.WaitAsync();
        try
        {
            var installed = Path.Combine(Folder, "node_modules", ".package-lock.json");
            var lockFile = Path.Combine(Folder, "package-lock.json");
            if (File.Exists(installed) && File.GetLastWriteTimeUtc(installed) >= File.GetLastWriteTimeUtc(lockFile))
            {
                return;
            }

            var (exitCode, output) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
            Assert.True(exitCode == 0, $"npm ci in {Folder} exited {exitCode}:\n{output}");
        }
        finally
        {
            Install.Release();
        }
    }

    public static Task<(int ExitCode, string Output)> RunAsync(string command, string[] args, TimeSpan timeout,
        params (string Name, string Value)[] environment) =>
        ChildProcess.RunAsync(Folder, command, args, timeout, environment);
}
