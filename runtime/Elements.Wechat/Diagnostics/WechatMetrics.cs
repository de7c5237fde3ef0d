using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Elements.Wechat.Diagnostics;

/// <summary>Records one measurement per WeChat API call on a meter from the DI <see cref="IMeterFactory"/>.</summary>
internal sealed class WechatMetrics
{
    private readonly Histogram<double> _duration;

    public WechatMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(WechatTelemetry.MeterName);
        _duration = meter.CreateHistogram<double>(WechatTelemetry.CallDurationInstrument, "s", "WeChat API calls");
    }

    public void Record(string endpoint, long startedTimestamp, string outcome, int? errcode)
    {
        var tags = new TagList
        {
            { WechatTelemetry.EndpointTag, endpoint },
            { WechatTelemetry.OutcomeTag, outcome },
        };
        if (errcode is { } code)
        {
            tags.Add(WechatTelemetry.ErrcodeTag, code);
        }

        _duration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, tags);
    }
}
