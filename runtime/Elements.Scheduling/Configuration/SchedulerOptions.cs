namespace Elements.Scheduling.Configuration;

/// <summary>The scheduler of a host, bound to <c>Elements:Scheduler</c>.</summary>
public sealed class SchedulerOptions
{
    public const string SectionName = "Elements:Scheduler";

    /// <summary>False: no scheduler starts (jobs stay stored; <see cref="IRecurringWorkSignal"/> drops requests).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The Quartz scheduler name; every node of one cluster must use the same one.</summary>
    public string InstanceName { get; set; } = "elements";

    /// <summary>This node's id in the cluster; default: machine name, process id and a random suffix, so that a
    /// restarted process never shares an id with the one it replaces.</summary>
    public string? InstanceId { get; set; }

    /// <summary>Quartz clustering; default: on for PostgreSQL, off for SQLite (one process owns a SQLite file).</summary>
    public bool? Clustered { get; set; }

    /// <summary>How often a clustered node records that it is alive; a node silent for this plus
    /// <see cref="CheckinMisfireThreshold"/> is dead and its running jobs and triggers are recovered by the others.</summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(7.5);

    /// <summary>How long past a missed check-in the other nodes wait before recovering a node (default: the check-in interval).</summary>
    public TimeSpan? CheckinMisfireThreshold { get; set; }

    /// <summary>How late a trigger may fire before it counts as misfired and its misfire instruction decides.</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Jobs running at once on this node.</summary>
    public int ThreadCount { get; set; } = 10;

    /// <summary>Full name of the database element that holds Quartz's tables; default: the app's default database.</summary>
    public string? Database { get; set; }

    /// <summary>How often calendars of <see cref="IScheduleCalendarSource"/> elements are rebuilt and stored.</summary>
    public TimeSpan CalendarRefresh { get; set; } = TimeSpan.FromMinutes(1);
}
