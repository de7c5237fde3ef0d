using System.Diagnostics;

namespace Elements.WeChat.Diagnostics;

/// <summary>
/// Names of the WeChat client's metrics and traces. Subscribe with <c>AddMeter(MeterName)</c> /
/// <c>AddSource(ActivitySourceName)</c>. Tags carry the endpoint path and errcode, never a query string (which
/// holds secrets and codes).
/// </summary>
public static class WeChatTelemetry
{
    public const string MeterName = "Elements.WeChat";
    public const string ActivitySourceName = "Elements.WeChat";

    /// <summary>Histogram (seconds) of WeChat API calls, one measurement per call (its count is the call count),
    /// tagged with <see cref="EndpointTag"/>, <see cref="OutcomeTag"/> and <see cref="ErrcodeTag"/>.</summary>
    public const string CallDurationInstrument = "elements.wechat.call.duration";

    /// <summary>Activity around one WeChat API call (the resilience pipeline's retries included).</summary>
    public const string CallActivityName = "elements.wechat.call";

    /// <summary>The API path, e.g. <c>/sns/jscode2session</c>.</summary>
    public const string EndpointTag = "wechat.endpoint";

    /// <summary>WeChat's errcode: 0 on success, absent when WeChat did not answer with one.</summary>
    public const string ErrcodeTag = "wechat.errcode";

    /// <summary><c>ok</c>, <c>errcode</c>, <c>timeout</c>, <c>http_status</c>, <c>connection</c>, <c>malformed</c>, <c>error</c>
    /// (e.g. an app that is not configured) or <c>cancelled</c> (the caller gave up).</summary>
    public const string OutcomeTag = "wechat.outcome";

    internal static readonly ActivitySource ActivitySource = new(ActivitySourceName);
}
