using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Elements.WeChat.Diagnostics;
using Elements.WeChat.Errors;
using Elements.WeChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.WeChat.Tests.Diagnostics;

public sealed class TelemetryTests : SandboxTestBase, IDisposable
{
    [Fact]
    public async Task Each_call_is_measured_with_its_endpoint_and_errcode_and_no_query_string()
    {
        var measurements = Listen();
        var code = await Sandbox.Control.MintLoginCodeAsync(WeChatTestApps.MiniAppId, WeChatTestApps.Alice);

        await Client.Code2SessionAsync(WeChatTestApps.MiniAppId, code.Code);
        // A code is single-use: WeChat answers 40163 (code been used).
        await Assert.ThrowsAnyAsync<WeChatException>(() => Client.Code2SessionAsync(WeChatTestApps.MiniAppId, code.Code));

        var calls = measurements.Where(m => m.Endpoint == "/sns/jscode2session").ToList();
        Assert.Equal(2, calls.Count);
        Assert.Contains(calls, m => m.Outcome == "ok" && m.Errcode == 0);
        Assert.Contains(calls, m => m.Outcome == "errcode" && m.Errcode == 40163);
        Assert.All(calls, m => Assert.True(m.Seconds > 0));
        Assert.DoesNotContain(measurements, m => m.Endpoint.Contains('?', StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_transport_failure_is_measured_without_an_errcode()
    {
        var measurements = Listen();
        await Sandbox.Control.InjectFaultAsync(new Elements.WeChatSandbox.Contracts.SandboxFault
        {
            Path = "/sns/jscode2session",
            MalformedJson = true,
            Count = 10,
        });

        await Assert.ThrowsAsync<WeChatHttpException>(() => Client.Code2SessionAsync(WeChatTestApps.MiniAppId, "any-code"));

        var call = Assert.Single(measurements, m => m.Endpoint == "/sns/jscode2session");
        Assert.Equal("malformed", call.Outcome);
        Assert.Null(call.Errcode);
    }

    private ConcurrentBag<Measurement> Listen()
    {
        var factory = Harness.Services.GetRequiredService<IMeterFactory>();
        var measurements = new ConcurrentBag<Measurement>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                // Only this harness's meter: other tests run clients in parallel.
                if (instrument.Meter.Scope == factory && instrument.Name == WeChatTelemetry.CallDurationInstrument)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            string? endpoint = null, outcome = null;
            int? errcode = null;
            foreach (var tag in tags)
            {
                switch (tag.Key)
                {
                    case WeChatTelemetry.EndpointTag: endpoint = (string?)tag.Value; break;
                    case WeChatTelemetry.OutcomeTag: outcome = (string?)tag.Value; break;
                    case WeChatTelemetry.ErrcodeTag: errcode = (int?)tag.Value; break;
                }
            }

            measurements.Add(new Measurement(endpoint ?? "", outcome ?? "", errcode, value));
        });
        listener.Start();
        _listeners.Add(listener);
        return measurements;
    }

    private readonly List<MeterListener> _listeners = [];

    public void Dispose()
    {
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }
    }

    private sealed record Measurement(string Endpoint, string Outcome, int? Errcode, double Seconds);
}
