using Elements.Hosting.AspNetCore.Startup;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging.Console;

namespace Elements.Host.Bench;

/// <summary>
/// The host a bench measures: started on a free loopback port against a throwaway copy of the app folder (so the
/// app's <c>appData</c> is untouched), without the banner and with a per-client rate limit no bench reaches; stopped
/// and deleted afterwards. Logging is the app's own (<c>appsettings.json</c>) unless a level is given; the console
/// logger writes to stderr, so a bench's report on stdout stays readable (<c>2&gt;/dev/null</c>) at the same cost.
/// The copy is <c>{temp folder}/app</c>; the temp folder (<see cref="TempFolder"/>) is deleted with everything in it.
/// </summary>
internal static class BenchHost
{
    /// <summary>The bench's temp folder of a host started here (the parent of its app copy).</summary>
    public static string TempFolder(WebApplication app) =>
        Path.GetDirectoryName(app.Configuration["Elements:AppPath"] ?? throw new InvalidOperationException("not a bench host"))!;

    /// <param name="settings">Extra host arguments, e.g. <c>--Elements:PasswordHashing:MaxConcurrency=64</c>.</param>
    /// <param name="logLevel">Overrides the app's <c>Logging:LogLevel</c> (default and Polly); null keeps the shipped defaults.</param>
    /// <param name="measure">Runs against the started host, given its base address.</param>
    /// <param name="prepareCopy">Edits the app copy (given its folder) before the host starts.</param>
    public static async Task<T> RunAsync<T>(string source, IEnumerable<string> settings, LogLevel? logLevel, Func<WebApplication, Uri, Task<T>> measure,
        Func<string, Task>? prepareCopy = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "elements-bench-" + Guid.NewGuid().ToString("n"));
        var work = Path.Combine(root, "app");
        LoginBench.CopyApp(source, work);
        try
        {
            if (prepareCopy is not null)
            {
                await prepareCopy(work);
            }

            string[] levels = logLevel is { } level ? [$"--Logging:LogLevel:Default={level}", $"--Logging:LogLevel:Polly={level}"] : [];
            var app = ElementsHost.Build(
                new WebApplicationOptions
                {
                    ContentRootPath = source,
                    Args =
                    [
                        "--urls=http://127.0.0.1:0", $"--Elements:AppPath={work}", .. levels,
                        // Every bench client comes from 127.0.0.1, one rate-limit bucket: the limiter stays in the
                        // measured path, but with room for the whole run (a bench setting may still lower it).
                        "--Elements:RateLimit:PermitsPerSecond=100000", "--Elements:RateLimit:Burst=100000",
                        .. settings,
                    ],
                },
                builder =>
                {
                    if (logLevel is { } level)
                    {
                        builder.Logging.SetMinimumLevel(level);
                    }

                    builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
                    builder.Services.Configure<HostBannerOptions>(o => o.Enabled = false);
                });
            await app.StartAsync();
            try
            {
                var baseUri = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
                return await measure(app, baseUri);
            }
            finally
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open (SQLite's WAL on a slow close) leaves a temp folder behind, nothing worse.
            }
        }
    }
}
