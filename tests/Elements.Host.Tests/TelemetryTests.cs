using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Elements.Host.Tests.Support;
using Elements.Hosting.AspNetCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Host.Tests;

public sealed class TelemetryTests
{
    [Fact]
    public async Task Element_calls_are_counted_by_element_function_and_outcome()
    {
        await using var host = await TestHost.StartAsync();
        var meterFactory = host.Services.GetRequiredService<IMeterFactory>();
        var seen = new ConcurrentQueue<(long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this host's meter: other tests run hosts in parallel.
            if (instrument.Meter.Scope == meterFactory && instrument.Name == ElementsHostTelemetry.ElementCallsInstrument)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            seen.Enqueue((value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        listener.Start();

        (await host.CallAsync("services/Echo/add", new { a = 1, b = 2 })).Dispose();
        (await host.CallAsync("services/Echo/add", new { a = 1 })).Dispose();
        (await host.CallAsync("services/Nope/add", new { })).Dispose();

        Assert.Contains(seen, m => m.Value == 1 && Tag(m.Tags, ElementsHostTelemetry.ElementTag) == "services.Echo"
            && Tag(m.Tags, ElementsHostTelemetry.FunctionTag) == "add" && Tag(m.Tags, ElementsHostTelemetry.OutcomeTag) == "ok");
        Assert.Contains(seen, m => Tag(m.Tags, ElementsHostTelemetry.OutcomeTag) == "EL_MISSING_ARG");
        Assert.Contains(seen, m => Tag(m.Tags, ElementsHostTelemetry.ElementTag) == ElementsHostTelemetry.UnknownName
            && Tag(m.Tags, ElementsHostTelemetry.OutcomeTag) == "EL_UNKNOWN_ELEMENT");
        Assert.DoesNotContain(seen, m => Tag(m.Tags, ElementsHostTelemetry.ElementTag) == "services.Nope");
    }

    [Fact]
    public async Task Each_invocation_runs_in_an_activity()
    {
        var folder = TestAppFolder.Create().WithOpenRole();
        folder.Write("telemetry/services/Probe/e.json", """
            {
              "title": "Telemetry probe",
              "type": "services.NormalType",
              "functionList": [{ "name": "ping", "args": [], "loginRequired": 0 }, { "name": "fail", "args": [], "loginRequired": 0 }]
            }
            """);
        await using var host = await TestHost.StartAsync(folder);
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ElementsHostTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        (await host.CallAsync("telemetry/services/Probe/ping", new { })).Dispose();
        (await host.CallAsync("telemetry/services/Probe/fail", new { })).Dispose();

        var probe = activities.Where(a => (string?)a.GetTagItem(ElementsHostTelemetry.ElementTag) == "telemetry.services.Probe").ToList();
        var ok = Assert.Single(probe, a => (string?)a.GetTagItem(ElementsHostTelemetry.FunctionTag) == "ping");
        Assert.Equal(ElementsHostTelemetry.InvokeActivityName, ok.OperationName);
        Assert.Equal(ActivityStatusCode.Unset, ok.Status);
        Assert.Equal(ElementsHostTelemetry.SuccessOutcome, ok.GetTagItem(ElementsHostTelemetry.OutcomeTag));
        var failed = Assert.Single(probe, a => (string?)a.GetTagItem(ElementsHostTelemetry.FunctionTag) == "fail");
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal("PROBE_FAILED", failed.GetTagItem(ElementsHostTelemetry.OutcomeTag));
    }

    [Fact]
    public async Task A_request_runs_in_an_aspnetcore_activity_only_while_tracing_listens()
    {
        await using var host = await TestHost.StartAsync();

        // Logging alone starts none (the host turns ASP.NET Core's hosting log category off): the error's traceId is
        // then the request's own identifier, not a W3C trace id.
        Assert.DoesNotMatch(W3CTraceId, await CrashTraceIdAsync(host));

        var requests = new ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => requests.Enqueue(activity.Id!),
        };
        ActivitySource.AddActivityListener(listener);

        var traced = await CrashTraceIdAsync(host);
        Assert.Matches(W3CTraceId, traced);
        // The request's activity stops when the host disposes the request, which may come after the client has the answer.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!requests.Contains(traced) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Contains(traced, requests);
    }

    private static readonly System.Text.RegularExpressions.Regex W3CTraceId = new("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$");

    private static async Task<string> CrashTraceIdAsync(TestHost host)
    {
        using var response = await host.CallAsync("services/Echo/crash", new { });
        return (string)(await TestHost.ReadProblemAsync(response))["traceId"]!;
    }

    private static string? Tag(Dictionary<string, object?> tags, string name) => tags.GetValueOrDefault(name) as string;
}
