using Quartz;

namespace Elements.Scheduling;

/// <summary>
/// An element the scheduler fires on its own triggers (<c>tasks.NormalType</c> implements it). The scheduler keeps one
/// durable Quartz job per element, keyed by <see cref="FullName"/>, and replaces the job's triggers whenever the stored
/// <see cref="Fingerprint"/> differs from this one (a hot reload that changed the element's timing), so that every node
/// of a cluster converges on the same triggers without rescheduling unchanged ones.
/// </summary>
public interface IScheduledElement
{
    string FullName { get; }

    /// <summary>Changes exactly when <see cref="BuildTriggers"/> would build different triggers.</summary>
    string Fingerprint { get; }

    /// <summary>False when the element is disabled (<c>enable: 0</c>): the scheduler then keeps no job for it.</summary>
    bool Enabled { get; }

    /// <summary>
    /// The triggers that fire the element, each built <c>ForJob(job)</c> with its time zone, start and end times,
    /// misfire instruction and, where it skips holidays, <c>ModifiedByCalendar(...)</c> naming a calendar some
    /// <see cref="IScheduleCalendarSource"/> provides. Empty when it never fires again.
    /// </summary>
    IReadOnlyList<ITrigger> BuildTriggers(JobKey job);

    /// <summary>Runs the element once for <paramref name="run"/>; the element records its own history.</summary>
    Task RunAsync(ScheduledRun run, CancellationToken cancellationToken);
}
