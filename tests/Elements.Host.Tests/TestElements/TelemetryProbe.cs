using Elements.Activation;

namespace Elements.Host.Tests.TestElements;

/// <summary>Used only by the telemetry tests: the activity listener is process-wide, and no other test calls this
/// element, so its activities are unambiguous while other hosts run in parallel.</summary>
[ElementType("telemetry.services.Probe")]
public sealed class TelemetryProbe
{
    public string Ping() => "pong";

    public void Fail() => throw new ElementException("PROBE_FAILED", "probe failed on purpose");
}
