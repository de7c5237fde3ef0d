namespace Elements.Std.Events;

/// <summary>The asynchronous events' outbox dispatcher (configuration section <c>Elements:Events:Outbox</c>).</summary>
public sealed class EventOutboxOptions
{
    public const string SectionName = "Elements:Events:Outbox";

    /// <summary>Attempts before a run is marked failed for good.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>How often the scheduler runs the dispatcher (it also runs at once after a commit that queued work).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a claimed run belongs to one node; after that (the node died) another may take it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Rows claimed per statement.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>The first retry's delay; each next one doubles, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan FirstBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a row that ran is kept (its record of what ran when); failed rows are kept until removed by hand.</summary>
    public TimeSpan DoneRetention { get; set; } = TimeSpan.FromDays(7);
}
