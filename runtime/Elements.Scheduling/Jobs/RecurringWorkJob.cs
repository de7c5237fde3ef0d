using Elements.Scheduling.Diagnostics;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Elements.Scheduling.Jobs;

/// <summary>Runs one <see cref="IRecurringWork"/> (the job's name); never beside itself, in the whole cluster.</summary>
[DisallowConcurrentExecution]
internal sealed class RecurringWorkJob(IEnumerable<IRecurringWork> works, ILogger<RecurringWorkJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var name = context.JobDetail.Key.Name;
        var work = works.FirstOrDefault(w => w.Name == name);
        if (work is null)
        {
            SchedulerLog.RecurringWorkGone(logger, name);
            return;
        }

        try
        {
            await work.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // The next interval (or signal) tries again; the work keeps what it has not done.
            SchedulerLog.RecurringWorkFailed(logger, ex, name);
        }
    }
}
