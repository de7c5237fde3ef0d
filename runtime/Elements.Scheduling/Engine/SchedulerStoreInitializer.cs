using Elements.Scheduling.Configuration;
using Elements.Scheduling.Diagnostics;
using Elements.Scheduling.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Elements.Scheduling.Engine;

/// <summary>Creates Quartz's tables before Quartz's hosted service starts the scheduler (which checks them).</summary>
internal sealed class SchedulerStoreInitializer(ResolvedStore store, IOptions<SchedulerOptions> options, ILogger<SchedulerStoreInitializer> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            SchedulerLog.Disabled(logger);
            return;
        }

        await QuartzSchema.EnsureCreatedAsync(store.Store, cancellationToken).ConfigureAwait(false);
        SchedulerLog.SchemaReady(logger, store.Store.ToString());
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
