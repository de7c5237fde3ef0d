using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Elements.Diagnostics;

/// <summary>
/// Names of the runtime's metrics and traces. The runtime is usable without DI-provided metrics (plain
/// <c>ElementApp.Load</c>), so its <see cref="Meter"/> and <see cref="ActivitySource"/> are process-wide, like
/// <c>HttpClient</c>'s; listeners filter by <see cref="MeterName"/> / <see cref="ActivitySourceName"/>.
/// </summary>
public static class ElementsTelemetry
{
    public const string MeterName = "Elements.Runtime";
    public const string ActivitySourceName = "Elements.Runtime";

    /// <summary>Histogram (seconds) of element activations (constructing an element's object), tagged with
    /// <see cref="ElementTag"/> and <see cref="OutcomeTag"/>.</summary>
    public const string ActivationDurationInstrument = "elements.activation.duration";

    /// <summary>Activity around one element activation.</summary>
    public const string ActivationActivityName = "elements.activate";

    public const string ElementTag = "elements.element";

    /// <summary><c>ok</c>, or the error code that failed the activation (EL_ACTIVATION_FAILED, EL_CONFIG_INVALID, ...).</summary>
    public const string OutcomeTag = "elements.outcome";

    internal static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    internal static readonly Meter Meter = new(MeterName);

    internal static readonly Histogram<double> ActivationDuration =
        Meter.CreateHistogram<double>(ActivationDurationInstrument, "s", "Element activations");
}
