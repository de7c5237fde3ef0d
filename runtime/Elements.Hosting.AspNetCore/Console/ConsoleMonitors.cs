using Microsoft.Extensions.Options;

namespace Elements.Hosting.AspNetCore.Console;

/// <summary>
/// Starts the console's watchers of the registry and the meters with the host, right after the app has loaded, not on
/// the first console request: the health page's <c>loadedAt</c> is the load's and no reload or meter reading before
/// that request goes unseen. Building the host loads nothing, as before the console.
/// </summary>
internal sealed class ConsoleMonitors(IServiceProvider services, IOptions<ConsoleOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Enabled)
        {
            services.GetRequiredService<ConsoleHealth>();
            services.GetRequiredService<ConsoleMetrics>();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
