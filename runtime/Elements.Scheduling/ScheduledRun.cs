namespace Elements.Scheduling;

/// <summary>One run of a scheduled element.</summary>
/// <param name="ScheduledFireTime">The time the trigger was due (for a manual run, the time it was asked for).</param>
/// <param name="FireTime">When the scheduler actually fired it.</param>
/// <param name="Node">The scheduler instance (host) that runs it.</param>
/// <param name="Manual">True for a run asked for by hand (<c>elements tasks run</c>), not by a trigger.</param>
public sealed record ScheduledRun(DateTimeOffset ScheduledFireTime, DateTimeOffset FireTime, string Node, bool Manual);
