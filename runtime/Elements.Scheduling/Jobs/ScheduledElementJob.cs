using Elements.Scheduling.Diagnostics;
using Elements.Scheduling.Engine;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Elements.Scheduling.Jobs;

/// <summary>
/// The job of every scheduled element. It holds no element: it looks the element up by its full name (the job's name)
/// in the app's current registry at each run, so a hot reload's new code and config are what runs.
/// </summary>
internal sealed class ScheduledElementJob(ElementApp app, ILogger<ScheduledElementJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var fullName = context.JobDetail.Key.Name;
        if (!app.TryGetElement(fullName, out var element) || element is not IScheduledElement scheduled)
        {
            // Removed or changed between the last sync and this fire; the next sync deletes or rebuilds the job.
            SchedulerLog.ElementGone(logger, fullName);
            return;
        }

        var manual = context.MergedJobDataMap.TryGetValue(SchedulerGroups.ManualKey, out var flag) && flag is "true" or true;
        var run = new ScheduledRun(context.ScheduledFireTimeUtc ?? context.FireTimeUtc, context.FireTimeUtc,
            context.Scheduler.SchedulerInstanceId, manual);
        try
        {
            await scheduled.RunAsync(run, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // The element records its own outcome; a failure must not make Quartz refire or stop the trigger.
            SchedulerLog.ElementRunFailed(logger, ex, fullName, run.ScheduledFireTime);
        }
    }
}
