using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Elements.Std.Events;

/// <summary>Counters of event handler runs (meter <c>Elements.Events</c>), tagged by event, phase and outcome.</summary>
public sealed class EventMetrics
{
    public const string MeterName = "Elements.Events";

    private readonly Counter<long> _runs;

    public EventMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _runs = meterFactory.Create(MeterName).CreateCounter<long>("elements.events.runs", "{run}", "Event handler runs, by event, phase (before, after, async, custom) and outcome");
    }

    public void Record(string eventName, string phase, bool succeeded) =>
        _runs.Add(1, new TagList { { "event", eventName }, { "phase", phase }, { "outcome", succeeded ? "ok" : "failed" } });
}
