using Quartz;

namespace Elements.Scheduling.Engine;

/// <summary>The Quartz job groups the scheduler owns and the keys of their jobs: a scheduled element's job is named by
/// the element's full name, a recurring work's by its name.</summary>
public static class SchedulerGroups
{
    /// <summary>One durable job per <see cref="IScheduledElement"/>.</summary>
    public const string Elements = "elements";

    /// <summary>One job per <see cref="IRecurringWork"/>.</summary>
    public const string RecurringWork = "elements.recurring";

    /// <summary>The job data key holding the element's <see cref="IScheduledElement.Fingerprint"/> (or a work's interval).</summary>
    public const string FingerprintKey = "fingerprint";

    /// <summary>Job data of a run asked for by hand (<see cref="IScheduler.TriggerJob(JobKey, JobDataMap, CancellationToken)"/>
    /// with this key set to <c>"true"</c>): the run's <see cref="ScheduledRun.Manual"/>.</summary>
    public const string ManualKey = "manual";

    public static JobKey ElementJob(string fullName) => new(fullName, Elements);

    public static JobKey RecurringJob(string workName) => new(workName, RecurringWork);
}
