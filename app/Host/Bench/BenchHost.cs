using Elements.Hosting.AspNetCore.Startup;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Elements.Host.Bench;

/// <summary>
/// The host a bench measures: started on a free loopback port against a throwaway copy of the app folder (so the
/// app's <c>appData</c> is untouched), at log level Warning, without the banner and with a per-client rate limit no
/// bench reaches; stopped and deleted afterwards.
/// </summary>
internal static class BenchHost
{
    /// <param name="settings">Extra host arguments, e.g. <c>--Elements:PasswordHashing:MaxConcurrency=64</c>.</param>
    /// <param name="measure">Runs against the started host, given its base address.</param>
    public static async Task<T> RunAsync<T>(string source, IEnumerable<string> settings, Func<WebApplication, Uri, Task<T>> measure)
    {
        var work = Path.Combine(Path.GetTempPath(), "elements-bench-" + Guid.NewGuid().ToString("n"));
        LoginBench.CopyApp(source, work);
        try
        {
            var app = ElementsHost.Build(
                new WebApplicationOptions
                {
                    ContentRootPath = source,
                    Args =
                    [
                        "--urls=http://127.0.0.1:0", $"--Elements:AppPath={work}", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Polly=Warning",
                        // Every bench client comes from 127.0.0.1, one rate-limit bucket: the limiter stays in the
                        // measured path, but with room for the whole run (a bench setting may still lower it).
                        "--Elements:RateLimit:PermitsPerSecond=100000", "--Elements:RateLimit:Burst=100000",
                        .. settings,
                    ],
                },
                builder =>
                {
                    builder.Logging.SetMinimumLevel(LogLevel.Warning);
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
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open (SQLite's WAL on a slow close) leaves a temp folder behind, nothing worse.
            }
        }
    }
}
