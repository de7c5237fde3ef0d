using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Elements.WeChat.Diagnostics;

/// <summary>Records one measurement per WeChat API call on a meter from the DI <see cref="IMeterFactory"/>.</summary>
internal sealed class WeChatMetrics
{
    private readonly Histogram<double> _duration;

    public WeChatMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(WeChatTelemetry.MeterName);
        _duration = meter.CreateHistogram<double>(WeChatTelemetry.CallDurationInstrument, "s", "WeChat API calls");
    }

    public void Record(string endpoint, long startedTimestamp, string outcome, int? errcode)
    {
        var tags = new TagList
        {
            { WeChatTelemetry.EndpointTag, endpoint },
            { WeChatTelemetry.OutcomeTag, outcome },
        };
        if (errcode is { } code)
        {
            tags.Add(WeChatTelemetry.ErrcodeTag, code);
        }

        _duration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, tags);
    }
}
