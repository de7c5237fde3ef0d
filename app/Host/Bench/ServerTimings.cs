using System.Diagnostics.Metrics;
using Elements.Hosting.AspNetCore.Diagnostics;
using Elements.WeChat.Diagnostics;

namespace Elements.Host.Bench;

/// <summary>
/// Sums, from the host's own metrics, the server-side time of the element calls of a login and of the WeChat calls
/// they make, so the bench can tell the framework's share of a login from HTTP transport and WeChat.
/// </summary>
internal sealed class ServerTimings : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _elementTicks;
    private long _elementCalls;
    private long _wechatTicks;
    private long _wechatCalls;

    public ServerTimings()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name is ElementsHostTelemetry.ElementCallDurationInstrument or WeChatTelemetry.CallDurationInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, seconds, _, _) =>
        {
            var ticks = (long)(seconds * TimeSpan.TicksPerSecond);
            if (instrument.Name == WeChatTelemetry.CallDurationInstrument)
            {
                Interlocked.Add(ref _wechatTicks, ticks);
                Interlocked.Increment(ref _wechatCalls);
            }
            else
            {
                Interlocked.Add(ref _elementTicks, ticks);
                Interlocked.Increment(ref _elementCalls);
            }
        });
        _listener.Start();
    }

    /// <summary>Element calls and WeChat calls since the last reset: (count, total ms) each.</summary>
    public (long ElementCalls, double ElementMs, long WeChatCalls, double WeChatMs) Snapshot() => (
        Interlocked.Read(ref _elementCalls), Interlocked.Read(ref _elementTicks) / (double)TimeSpan.TicksPerMillisecond,
        Interlocked.Read(ref _wechatCalls), Interlocked.Read(ref _wechatTicks) / (double)TimeSpan.TicksPerMillisecond);

    public void Reset()
    {
        Interlocked.Exchange(ref _elementCalls, 0);
        Interlocked.Exchange(ref _elementTicks, 0);
        Interlocked.Exchange(ref _wechatCalls, 0);
        Interlocked.Exchange(ref _wechatTicks, 0);
    }

    public void Dispose() => _listener.Dispose();
}
