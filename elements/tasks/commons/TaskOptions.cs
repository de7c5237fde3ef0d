namespace Elements.Std.Tasks;

/// <summary>App-wide defaults of scheduled tasks, bound to <c>Elements:Tasks</c>.</summary>
public sealed class TaskOptions
{
    public const string SectionName = "Elements:Tasks";

    /// <summary>The JitAi default audience's zone; a task's own <c>timeZone</c> wins.</summary>
    public const string DefaultTimeZone = "Asia/Shanghai";

    /// <summary>IANA id of the zone tasks without <c>timeZone</c> run in, and the holiday calendar's days are in.</summary>
    public string TimeZone { get; set; } = DefaultTimeZone;

    /// <summary>
    /// How late a fire may start before a task with <c>misfire: skip</c> records it as skipped instead of running
    /// (Quartz's own threshold only covers fires it noticed as missed; a fire that a busy thread pool starts late is
    /// caught here). Default 60 s, Quartz's default misfire threshold.
    /// </summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromSeconds(60);
}
