using System.Diagnostics;

namespace Elements.Hosting.AspNetCore.Diagnostics;

/// <summary>
/// Every metric, trace and tag name the host emits, in one place so dashboards and later instruments (WeChat calls,
/// logins) share one vocabulary. Subscribe with <c>AddMeter(MeterName)</c> / <c>AddSource(ActivitySourceName)</c>.
/// </summary>
public static class ElementsHostTelemetry
{
    public const string MeterName = "Elements.Host";
    public const string ActivitySourceName = "Elements.Host";

    /// <summary>Counter: element API calls, tagged with <see cref="ElementTag"/>, <see cref="FunctionTag"/>, <see cref="OutcomeTag"/>.</summary>
    public const string ElementCallsInstrument = "elements.host.element.calls";

    /// <summary>Histogram (seconds) of element API calls, same tags as <see cref="ElementCallsInstrument"/>.</summary>
    public const string ElementCallDurationInstrument = "elements.host.element.duration";

    /// <summary>Activity around one element function invocation over HTTP.</summary>
    public const string InvokeActivityName = "elements.invoke";

    public const string ElementTag = "elements.element";
    public const string FunctionTag = "elements.function";

    /// <summary><see cref="SuccessOutcome"/> or the error code (EL_MISSING_ARG, WECHAT_40029, ...).</summary>
    public const string OutcomeTag = "elements.outcome";

    public const string SuccessOutcome = "ok";

    /// <summary>The client went away before the function finished.</summary>
    public const string CancelledOutcome = "cancelled";

    /// <summary>Element and function tag value when the request named no existing function: URL paths are unbounded
    /// and must not become metric dimensions.</summary>
    public const string UnknownName = "(unknown)";

    /// <summary>Shared by the whole process, like every ActivitySource; listeners filter by name.</summary>
    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);
}
