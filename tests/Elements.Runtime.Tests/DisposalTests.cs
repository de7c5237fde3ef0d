using Elements.Runtime.Tests.Support;
using Elements.Runtime.Tests.TestElements.Disposal;

namespace Elements.Runtime.Tests;

/// <summary>The app owns the element objects it activated: disposed once, newest first, on app dispose and when a
/// reloaded-away generation retires, never under a call still running on it.</summary>
public sealed class DisposalTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private static readonly string[] ProbeTypes = ["SyncProbe", "AsyncProbe", "AsyncOnlyProbe", "ThrowingProbe", "WorkProbe"];

    [Fact]
    public void Dispose_disposes_each_activated_element_once_in_reverse_activation_order()
    {
        var log = DisposalLog.Create();
        using var temp = CreateApp(log, ("S1", "SyncProbe"), ("A1", "AsyncProbe"), ("O1", "AsyncOnlyProbe"), ("S2", "SyncProbe"),
            ("Never", "SyncProbe"));
        var app = TestApps.Load(temp.Root);
        foreach (var name in new[] { "S2", "A1", "S1", "O1", "S2" })
        {
            app.GetElement($"services.{name}");
        }

        app.Dispose();
        app.Dispose();

        // Sync Dispose prefers IDisposable; an IAsyncDisposable-only element is still disposed.
        Assert.Equal(
            ["created:S2", "created:A1", "created:S1", "created:O1", "disposeAsync:O1", "dispose:S1", "dispose:A1", "dispose:S2"],
            log.Events);
    }

    [Fact]
    public async Task DisposeAsync_prefers_async_disposal_and_runs_once()
    {
        var log = DisposalLog.Create();
        using var temp = CreateApp(log, ("A1", "AsyncProbe"), ("S1", "SyncProbe"));
        await using var app = TestApps.Load(temp.Root);
        app.GetElement("services.A1");
        app.GetElement("services.S1");

        await app.DisposeAsync();
        app.Dispose();

        Assert.Equal(["created:A1", "created:S1", "dispose:S1", "disposeAsync:A1"], log.Events);
        Assert.Throws<ObjectDisposedException>(() => app.GetElement("services.A1"));
    }

    [Fact]
    public void Elements_never_activated_are_not_created_to_be_disposed()
    {
        var log = DisposalLog.Create();
        using var temp = CreateApp(log, ("S1", "SyncProbe"), ("A1", "AsyncProbe"));
        var app = TestApps.Load(temp.Root);
        app.Reload();

        app.Dispose();

        Assert.Empty(log.Events);
    }

    [Fact]
    public async Task A_throwing_Dispose_does_not_stop_the_others()
    {
        var log = DisposalLog.Create();
        using var temp = CreateApp(log, ("S1", "SyncProbe"), ("T1", "ThrowingProbe"), ("S2", "SyncProbe"));
        var syncApp = TestApps.Load(temp.Root);
        foreach (var name in new[] { "S1", "T1", "S2" })
        {
            syncApp.GetElement($"services.{name}");
        }

        syncApp.Dispose();
        Assert.Equal(["dispose:S2", "dispose:T1", "dispose:S1"], log.Events.Where(e => !e.StartsWith("created:", StringComparison.Ordinal)));

        var asyncLog = DisposalLog.Create();
        using var asyncTemp = CreateApp(asyncLog, ("S1", "SyncProbe"), ("T1", "ThrowingProbe"), ("S2", "SyncProbe"));
        var asyncApp = TestApps.Load(asyncTemp.Root);
        foreach (var name in new[] { "S1", "T1", "S2" })
        {
            asyncApp.GetElement($"services.{name}");
        }

        await asyncApp.DisposeAsync();
        Assert.Equal(["dispose:S2", "disposeAsync:T1", "dispose:S1"],
            asyncLog.Events.Where(e => !e.StartsWith("created:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Reload_retires_the_previous_generation_after_the_delay()
    {
        var log = DisposalLog.Create();
        using var temp = CreateApp(log, ("S1", "SyncProbe"), ("A1", "AsyncProbe"));
        using var app = TestApps.Load(temp.Root, b => b.Configure(o => o.RetiredElementDisposeDelay = TimeSpan.FromSeconds(2)));
        var old = app.GetElement("services.S1");
        app.GetElement("services.A1");

        Assert.True(app.Reload().Succeeded);
        Assert.DoesNotContain(log.Events, e => e.StartsWith("dispose", StringComparison.Ordinal)); // not before the delay
        var fresh = app.GetElement("services.S1");
        Assert.NotSame(old, fresh);

        // Retired on the timer, async disposal preferred, newest first.
        await WaitUntil(() => log.Count("dispose:S1") == 1);
        Assert.Equal(["created:S1", "created:A1", "created:S1", "disposeAsync:A1", "dispose:S1"], log.Events);

        app.Dispose();
        Assert.Equal(2, log.Count("dispose:S1")); // the new generation's object, once
        Assert.Equal(1, log.Count("disposeAsync:A1"));
    }

    [Fact]
    public void App_dispose_disposes_generations_still_waiting_to_retire()
    {
        var log = DisposalLog.Create();
        using var temp = CreateApp(log, ("S1", "SyncProbe"));
        var app = TestApps.Load(temp.Root, b => b.Configure(o => o.RetiredElementDisposeDelay = TimeSpan.FromHours(1)));
        app.GetElement("services.S1");
        app.Reload();
        app.GetElement("services.S1");
        app.Reload();

        app.Dispose();

        Assert.Equal(2, log.Count("dispose:S1"));
        Assert.Throws<ObjectDisposedException>(() => app.Reload());
    }

    [Fact]
    public async Task A_call_in_flight_keeps_its_generation_alive_across_a_swap()
    {
        var log = DisposalLog.Create();
        using var temp = CreateApp(log, ("W1", "WorkProbe"));
        using var app = TestApps.Load(temp.Root, b => b.Configure(o => o.RetiredElementDisposeDelay = TimeSpan.Zero));

        var call = app.InvokeAsync("services.W1", "work", null);
        await log.WorkStarted.Task.WaitAsync(Timeout);
        Assert.True(app.Reload().Succeeded);
        await Task.Delay(200); // the zero delay has long passed; only the lease keeps the old object alive
        Assert.Equal(0, log.Count("dispose:W1"));

        log.Gate.SetResult();
        Assert.Equal("alive", (await call.WaitAsync(Timeout))!.GetValue<string>());
        await WaitUntil(() => log.Count("dispose:W1") == 1);

        Assert.Equal("alive", (await app.InvokeAsync("services.W1", "work", null).WaitAsync(Timeout))!.GetValue<string>());
    }

    [Fact]
    public async Task Concurrent_GetElement_and_Dispose_dispose_every_created_object_exactly_once()
    {
        var log = DisposalLog.Create();
        var names = Enumerable.Range(1, 8).Select(i => ($"S{i}", i % 2 == 0 ? "AsyncProbe" : "SyncProbe")).ToArray();
        using var temp = CreateApp(log, names);
        var app = TestApps.Load(temp.Root);
        using var start = new Barrier(65);

        // Dedicated threads: 65 pool threads blocked on a barrier would wait for the pool's slow thread injection.
        var callers = Enumerable.Range(0, 64).Select(i => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            var unexpected = new List<Exception>();
            for (var n = 0; n < 200; n++)
            {
                try
                {
                    app.GetElement($"services.S{(i + n) % 8 + 1}");
                }
                catch (ObjectDisposedException)
                {
                    // Expected once the app is disposed.
                }
                catch (Exception ex)
                {
                    unexpected.Add(ex);
                }
            }

            return unexpected;
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToList();
        var disposer = Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            Thread.Sleep(1);
            app.Dispose();
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        await disposer.WaitAsync(Timeout);
        var failures = (await Task.WhenAll(callers).WaitAsync(Timeout)).SelectMany(f => f).ToList();

        Assert.Empty(failures);
        foreach (var (name, _) in names)
        {
            var created = log.Count($"created:{name}");
            Assert.InRange(created, 0, 1);
            Assert.Equal(created, log.Count($"dispose:{name}") + log.Count($"disposeAsync:{name}"));
        }
    }

    private static TempApp CreateApp(DisposalLog log, params (string Name, string Type)[] instances)
    {
        var temp = TempApp.Create();
        temp.Write("app.json", """{ "appId": "test.Disposal", "name": "Disposal", "title": "Disposal", "version": "1.0.0" }""");
        foreach (var type in ProbeTypes)
        {
            var functions = type == "WorkProbe" ? """, "functionList": [{ "name": "work", "args": [], "loginRequired": 0 }]""" : "";
            temp.Write($"services/{type}/e.json", $$"""{ "title": "{{type}}", "type": "services.NormalType"{{functions}} }""");
        }

        foreach (var (name, type) in instances)
        {
            temp.Write($"services/{name}/e.json", $$"""{ "title": "{{name}}", "type": "services.{{type}}", "log": "{{log.Id}}" }""");
        }

        return temp;
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for disposal");
            await Task.Delay(20);
        }
    }
}
