using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Elements.Diagnostics;
using Elements.Runtime.Tests.Support;

namespace Elements.Runtime.Tests;

public sealed class TelemetryTests : IDisposable
{
    private readonly ElementApp _app = TestApps.LoadShop();
    private readonly MeterListener _meters = new();
    private readonly ActivityListener _traces;
    private readonly ConcurrentBag<(string? Element, string? Outcome)> _measurements = [];
    private readonly ConcurrentBag<Activity> _activities = [];

    public TelemetryTests()
    {
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ElementsTelemetry.MeterName && instrument.Name == ElementsTelemetry.ActivationDurationInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            string? element = null, outcome = null;
            foreach (var tag in tags)
            {
                if (tag.Key == ElementsTelemetry.ElementTag)
                {
                    element = (string?)tag.Value;
                }

                if (tag.Key == ElementsTelemetry.OutcomeTag)
                {
                    outcome = (string?)tag.Value;
                }
            }

            _measurements.Add((element, outcome));
        });
        _meters.Start();
        _traces = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ElementsTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _activities.Add,
        };
        ActivitySource.AddActivityListener(_traces);
    }

    public void Dispose()
    {
        _meters.Dispose();
        _traces.Dispose();
        _app.Dispose();
    }

    [Fact]
    public void An_activation_is_measured_and_traced_with_its_outcome()
    {
        _app.GetElement("services.Calc");
        _app.GetElement("services.Calc");
        Assert.Throws<ElementException>(() => _app.GetElement("services.Plain"));

        // Other tests activate elements of other apps in parallel (the meter is process-wide): look for ours.
        Assert.Contains(("services.Calc", "ok"), _measurements);
        Assert.Contains(("services.Plain", "EL_NO_IMPLEMENTATION"), _measurements);
        Assert.Contains(_activities, a => a.OperationName == ElementsTelemetry.ActivationActivityName
            && (string?)a.GetTagItem(ElementsTelemetry.ElementTag) == "services.Plain" && a.Status == ActivityStatusCode.Error);
    }
}
