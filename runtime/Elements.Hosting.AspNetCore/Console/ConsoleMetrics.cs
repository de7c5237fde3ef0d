using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json.Nodes;
using Elements.Hosting.AspNetCore.Diagnostics;
using Elements.Std.Auths;
using Elements.WeChat.Diagnostics;

namespace Elements.Hosting.AspNetCore.Console;

/// <summary>
/// The figures of the console's health page, collected in process by a <see cref="MeterListener"/> over the host's
/// own instruments (WeChat calls, logins, element API calls): only meters of this host's <see cref="IMeterFactory"/>,
/// so two hosts in one process (tests) do not count each other. Login latencies are kept per minute for the last
/// <see cref="Minutes"/> minutes, at most <see cref="SamplesPerMinute"/> each, which bounds the memory whatever the load.
/// </summary>
internal sealed class ConsoleMetrics : IDisposable
{
    public const int Minutes = 30;
    public const int SamplesPerMinute = 2000;

    private readonly MeterListener _listener = new();
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, WeChatApi> _wechat = new(StringComparer.Ordinal);
    private readonly LinkedList<Minute> _minutes = new();
    private long _logins;
    private long _failedLogins;
    private long _calls;
    private long _failedCalls;

    public ConsoleMetrics(IMeterFactory meters, TimeProvider time)
    {
        _time = time;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name is WeChatTelemetry.CallDurationInstrument
                or AuthTelemetry.LoginDurationInstrument or ElementsHostTelemetry.ElementCallsInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => OnMeasurement(instrument.Name, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => OnMeasurement(instrument.Name, value, tags));
        _listener.Start();
    }

    public JsonObject Snapshot()
    {
        lock (_gate)
        {
            var cutoff = MinuteOf(_time.GetUtcNow()).AddMinutes(-Minutes + 1);
            var recent = _minutes.Where(m => m.Start >= cutoff).ToList();
            var all = recent.SelectMany(m => m.LoginMs).ToList();
            return new JsonObject
            {
                ["wechat"] = new JsonArray([.. _wechat.Select(p => (JsonNode)new JsonObject
                {
                    ["api"] = p.Key,
                    ["calls"] = p.Value.Calls,
                    ["errors"] = new JsonArray([.. p.Value.Errcodes.OrderBy(e => e.Key).Select(e => (JsonNode)new JsonObject { ["errcode"] = e.Key, ["count"] = e.Value })]),
                    ["failures"] = new JsonArray([.. p.Value.Failures.OrderBy(e => e.Key, StringComparer.Ordinal)
                        .Select(e => (JsonNode)new JsonObject { ["outcome"] = e.Key, ["count"] = e.Value })]),
                })]),
                ["logins"] = new JsonObject
                {
                    ["count"] = _logins,
                    ["failed"] = _failedLogins,
                    ["p50Ms"] = Percentile(all, 0.50),
                    ["p95Ms"] = Percentile(all, 0.95),
                    // Every one of the last minutes, quiet ones as zero: a chart over them shows idle time as idle.
                    ["recent"] = new JsonArray([.. Enumerable.Range(0, Minutes).Select(i => cutoff.AddMinutes(i)).Select(start =>
                    {
                        var minute = recent.FirstOrDefault(m => m.Start == start);
                        return (JsonNode)new JsonObject
                        {
                            ["at"] = ConsoleHealth.Iso(start),
                            ["count"] = minute?.Logins ?? 0,
                            ["p95Ms"] = minute is null ? null : Percentile(minute.LoginMs, 0.95),
                        };
                    })]),
                },
                ["calls"] = new JsonObject { ["count"] = _calls, ["errors"] = _failedCalls },
            };
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(string instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (_gate)
        {
            switch (instrument)
            {
                case WeChatTelemetry.CallDurationInstrument:
                    var endpoint = (Tag(tags, WeChatTelemetry.EndpointTag) as string ?? "(unknown)").TrimStart('/');
                    if (!_wechat.TryGetValue(endpoint, out var api))
                    {
                        _wechat[endpoint] = api = new WeChatApi();
                    }

                    api.Calls++;
                    var outcome = Tag(tags, WeChatTelemetry.OutcomeTag) as string ?? "";
                    if (Tag(tags, WeChatTelemetry.ErrcodeTag) is { } errcode && Convert.ToInt64(errcode, CultureInfo.InvariantCulture) is var code and not 0)
                    {
                        api.Errcodes[code] = api.Errcodes.GetValueOrDefault(code) + 1;
                    }
                    else if (outcome is not ("ok" or "errcode" or ""))
                    {
                        api.Failures[outcome] = api.Failures.GetValueOrDefault(outcome) + 1;
                    }

                    break;
                case AuthTelemetry.LoginDurationInstrument:
                    if (Tag(tags, AuthTelemetry.OutcomeTag) as string == "ok")
                    {
                        _logins++;
                        var minute = CurrentMinute();
                        minute.Logins++;
                        if (minute.LoginMs.Count < SamplesPerMinute)
                        {
                            minute.LoginMs.Add(value * 1000);
                        }
                    }
                    else
                    {
                        _failedLogins++;
                    }

                    break;
                case ElementsHostTelemetry.ElementCallsInstrument:
                    _calls += (long)value;
                    if (Tag(tags, ElementsHostTelemetry.OutcomeTag) as string != ElementsHostTelemetry.SuccessOutcome)
                    {
                        _failedCalls += (long)value;
                    }

                    break;
            }
        }
    }

    private Minute CurrentMinute()
    {
        var start = MinuteOf(_time.GetUtcNow());
        if (_minutes.Last?.Value is { } last && last.Start == start)
        {
            return last;
        }

        var minute = new Minute(start);
        _minutes.AddLast(minute);
        while (_minutes.Count > Minutes)
        {
            _minutes.RemoveFirst();
        }

        return minute;
    }

    private static DateTimeOffset MinuteOf(DateTimeOffset instant) =>
        new(instant.Year, instant.Month, instant.Day, instant.Hour, instant.Minute, 0, TimeSpan.Zero);

    private static object? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value;
            }
        }

        return null;
    }

    private static double? Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        return Math.Round(sorted[(int)Math.Ceiling(p * sorted.Count) - 1], 2);
    }

    private sealed class WeChatApi
    {
        public long Calls { get; set; }

        public Dictionary<long, long> Errcodes { get; } = [];

        public Dictionary<string, long> Failures { get; } = new(StringComparer.Ordinal);
    }

    private sealed class Minute(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; } = start;

        public long Logins { get; set; }

        public List<double> LoginMs { get; } = [];
    }
}
