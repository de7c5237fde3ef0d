using Elements.Scheduling.Engine;
using Elements.Scheduling.Tests.Support;
using Elements.Scheduling.Tests.TestElements;
using Elements.Testing.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Elements.Scheduling.Tests;

/// <summary>The scheduler in the real host on the app's default SQLite database.</summary>
public sealed class SqliteSchedulerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Creates_Quartz_tables_in_the_app_database_and_fires_a_scheduled_element_every_interval()
    {
        await using var app = SchedulerApp.Create();
        var probe = Guid.NewGuid().ToString("N");
        app.WriteTick("Tick", new TickConfig { ProbeId = probe, IntervalMs = 500 });
        await app.StartAsync();

        var tables = await SqliteFile.TablesAsync(Path.Combine(app.Root, "appData", "app.db"));
        Assert.Contains("QRTZ_JOB_DETAILS", tables);
        Assert.Contains("QRTZ_TRIGGERS", tables);
        Assert.Contains("QRTZ_FIRED_TRIGGERS", tables);
        Assert.Contains("QRTZ_LOCKS", tables);

        Assert.True(await Eventually.WaitAsync(() => Tick.Runs.TryGetValue(probe, out var runs) && runs.Count >= 4, Wait), "the tick did not fire 4 times");
        // Runs of consecutive fire times may overlap on a busy machine (the scheduler has several threads): compare them
        // in fire-time order, not in the order they finished.
        var history = Tick.Runs[probe].OrderBy(r => r.ScheduledFireTime).ToList();
        var scheduler = await app.SchedulerAsync();
        Assert.All(history, r => Assert.Equal(scheduler.SchedulerInstanceId, r.Node));
        Assert.All(history, r => Assert.False(r.Manual));
        // One run per fire time, 500 ms apart.
        Assert.Equal(history.Count, history.Select(r => r.ScheduledFireTime).Distinct().Count());
        var gaps = history.Zip(history.Skip(1), (a, b) => b.ScheduledFireTime - a.ScheduledFireTime).ToList();
        Assert.All(gaps, g => Assert.Equal(TimeSpan.FromMilliseconds(500), g));
        Assert.Equal("elements", scheduler.SchedulerName);
    }

    [Fact]
    public async Task A_reload_replaces_the_triggers_of_a_changed_element_only_and_deletes_the_job_of_a_removed_or_disabled_one()
    {
        await using var app = SchedulerApp.Create();
        var (a, b, c) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        app.WriteTick("TickA", new TickConfig { ProbeId = a, IntervalMs = 60_000 });
        app.WriteTick("TickB", new TickConfig { ProbeId = b, IntervalMs = 60_000 });
        app.WriteTick("TickC", new TickConfig { ProbeId = c, IntervalMs = 60_000 });
        await app.StartAsync();
        var scheduler = await app.SchedulerAsync();
        var keyA = SchedulerGroups.ElementJob("services.TickA");
        var keyB = SchedulerGroups.ElementJob("services.TickB");
        var keyC = SchedulerGroups.ElementJob("services.TickC");
        var triggerB = Assert.Single(await scheduler.GetTriggersOfJob(keyB));

        app.WriteTick("TickA", new TickConfig { ProbeId = a, IntervalMs = 300 });
        Directory.Delete(Path.Combine(app.Root, "services", "TickB"), recursive: true);
        app.WriteTick("TickC", new TickConfig { ProbeId = c, IntervalMs = 60_000, Enable = false });
        Assert.True(app.App.Reload().Succeeded);

        Assert.True(await Eventually.WaitAsync(async () => !await scheduler.Exists(keyB) && !await scheduler.Exists(keyC), Wait),
            "the jobs of the removed and the disabled element are still stored");
        var triggersA = await scheduler.GetTriggersOfJob(keyA);
        Assert.Equal("services.TickA.every300", Assert.Single(triggersA).Key.Name);
        Assert.Equal("300/", (await scheduler.GetJobDetail(keyA))!.JobDataMap[SchedulerGroups.FingerprintKey]);
        Assert.True(await Eventually.WaitAsync(() => Tick.Runs.TryGetValue(a, out var runs) && runs.Count >= 3, Wait), "the changed trigger did not fire");
        Assert.NotNull(triggerB);

        // Adding the element back schedules it again; an unchanged element keeps its trigger (same start time).
        var before = Assert.Single(await scheduler.GetTriggersOfJob(keyA));
        app.WriteTick("TickB", new TickConfig { ProbeId = b, IntervalMs = 60_000 });
        Assert.True(app.App.Reload().Succeeded);
        Assert.True(await Eventually.WaitAsync(() => scheduler.Exists(keyB).AsTask(), Wait), "the re-added element has no job");
        var after = Assert.Single(await scheduler.GetTriggersOfJob(keyA));
        Assert.Equal(before.StartTimeUtc, after.StartTimeUtc);
    }

    [Fact]
    public async Task Recurring_work_runs_on_its_interval_and_at_once_on_a_run_request()
    {
        await using var app = SchedulerApp.Create();
        var every = new CountingWork("every", TimeSpan.FromMilliseconds(700));
        var onRequest = new CountingWork("onRequest", TimeSpan.FromHours(1));
        await app.StartAsync(s =>
        {
            s.AddSingleton<IRecurringWork>(every);
            s.AddSingleton<IRecurringWork>(onRequest);
        });

        Assert.True(await Eventually.WaitAsync(() => every.Runs >= 3, Wait), $"the interval work ran {every.Runs} times");
        Assert.Equal(0, onRequest.Runs);
        var signal = app.Host!.Services.GetRequiredService<IRecurringWorkSignal>();
        for (var i = 0; i < 20; i++)
        {
            signal.RequestRun("onRequest");
        }

        Assert.True(await Eventually.WaitAsync(() => onRequest.Runs >= 1, Wait), "the run request did not run the work");
        await Task.Delay(1500);
        // A burst is coalesced: far fewer runs than requests.
        Assert.InRange(onRequest.Runs, 1, 5);
    }

    [Fact]
    public async Task A_calendar_element_is_stored_and_keeps_the_triggers_that_name_it_from_firing_on_its_days()
    {
        await using var app = SchedulerApp.Create();
        var (free, held) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        AppFilesWriteHolidays(app.Root);
        app.WriteTick("Free", new TickConfig { ProbeId = free, IntervalMs = 300 });
        app.WriteTick("Held", new TickConfig { ProbeId = held, IntervalMs = 300, Calendar = "holidays" });
        await app.StartAsync();
        var scheduler = await app.SchedulerAsync();

        var calendar = await scheduler.GetCalendar("holidays");
        Assert.NotNull(calendar);
        Assert.False(calendar.IsTimeIncluded(DateTimeOffset.UtcNow));
        Assert.True(await Eventually.WaitAsync(() => Tick.Runs.TryGetValue(free, out var runs) && runs.Count >= 3, Wait), "the free tick did not fire");
        Assert.False(Tick.Runs.ContainsKey(held), "a trigger fired on a day its calendar excludes");
    }

    private static void AppFilesWriteHolidays(string root) =>
        Testing.Files.AppFiles.WriteElement(root, "services.Holidays", """{"title": "Holidays", "type": "services.NormalType"}""");
}
