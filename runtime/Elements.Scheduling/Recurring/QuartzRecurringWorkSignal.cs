using System.Collections.Concurrent;
using Elements.Scheduling.Configuration;
using Elements.Scheduling.Diagnostics;
using Elements.Scheduling.Engine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Elements.Scheduling.Recurring;

/// <summary>
/// Fires a recurring work's job now (<see cref="IScheduler.TriggerJob(JobKey, JobDataMap, CancellationToken)"/>),
/// coalescing bursts: while one request is being stored, further ones for the same work are dropped, because the run
/// it leads to has not started yet and will see their work. The job never runs beside itself, so a request arriving
/// during a run leads to one more run after it.
/// </summary>
internal sealed class QuartzRecurringWorkSignal(ISchedulerFactory schedulerFactory, IOptions<SchedulerOptions> options,
    ILogger<QuartzRecurringWorkSignal> logger) : IRecurringWorkSignal
{
    private readonly ConcurrentDictionary<string, byte> _pending = new(StringComparer.Ordinal);

    public void RequestRun(string workName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workName);
        if (!options.Value.Enabled || !_pending.TryAdd(workName, 0))
        {
            return;
        }

        _ = TriggerAsync(workName);
    }

    private async Task TriggerAsync(string workName)
    {
        try
        {
            var scheduler = await schedulerFactory.GetScheduler().ConfigureAwait(false);
            await scheduler.TriggerJob(SchedulerGroups.RecurringJob(workName), new JobDataMap(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The work stays stored; its interval picks it up.
            SchedulerLog.SignalFailed(logger, ex, workName);
        }
        finally
        {
            _pending.TryRemove(workName, out _);
        }
    }
}
