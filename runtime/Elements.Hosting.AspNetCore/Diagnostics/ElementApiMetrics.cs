using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Elements.Hosting.AspNetCore.Diagnostics;

/// <summary>The element API's instruments, created through <see cref="IMeterFactory"/> so each host (and each test
/// host) has its own meter.</summary>
internal sealed class ElementApiMetrics
{
    private readonly Counter<long> _calls;
    private readonly Histogram<double> _duration;

    public ElementApiMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(ElementsHostTelemetry.MeterName);
        _calls = meter.CreateCounter<long>(ElementsHostTelemetry.ElementCallsInstrument, "{call}", "Element function calls over HTTP");
        _duration = meter.CreateHistogram<double>(ElementsHostTelemetry.ElementCallDurationInstrument, "s",
            "Duration of element function calls over HTTP");
    }

    public void Record(string element, string function, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList
        {
            { ElementsHostTelemetry.ElementTag, element },
            { ElementsHostTelemetry.FunctionTag, function },
            { ElementsHostTelemetry.OutcomeTag, outcome },
        };
        _calls.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
    }
}
