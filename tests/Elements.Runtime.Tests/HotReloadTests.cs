using Elements.Runtime.Tests.Support;

namespace Elements.Runtime.Tests;

/// <summary>Watching on real files: swap on change, keep the old registry on a broken edit, pick up the fix.</summary>
public sealed class HotReloadTests
{
    private static ElementApp LoadWatched(TempApp temp) => TestApps.Load(temp.Root, b => b.Configure(o =>
    {
        o.Watch = true;
        o.WatchDebounce = TimeSpan.FromMilliseconds(50);
    }));

    [Fact]
    public async Task Edit_swaps_broken_edit_keeps_old_fix_is_picked_up()
    {
        using var temp = TempApp.CreateShop();
        using var app = LoadWatched(temp);
        var before = app.GetElement("services.Calc");
        var eJson = Path.Combine(temp.Root, "services", "Plain", "e.json");

        var changed = await Reloads.NextAsync(app, () => File.WriteAllText(eJson,
            """{ "title": "Renamed", "type": "services.NormalType", "owner": "team-b" }"""));
        Assert.True(changed.Succeeded);
        Assert.Equal(2, app.Generation);
        Assert.Equal("Renamed", app.GetElementDefine("services.Plain").Title);
        Assert.NotSame(before, app.GetElement("services.Calc")); // objects of the new registry are activated afresh

        var broken = await Reloads.NextAsync(app, () => File.WriteAllText(eJson, """{ "title": "Broken", "type": "services.NoSuchType" }"""));
        Assert.False(broken.Succeeded);
        Assert.Equal(2, broken.Generation);
        Assert.Equal("services/Plain/e.json(1,30): error EL0004: unknown type 'services.NoSuchType' of element 'services.Plain'",
            Assert.Single(broken.Diagnostics).ToString().Split(';')[0]);
        Assert.Equal("Renamed", app.GetElementDefine("services.Plain").Title); // the old registry stays in service

        var fixedUp = await Reloads.NextAsync(app, () => File.WriteAllText(eJson, """{ "title": "Fixed", "type": "services.NormalType" }"""));
        Assert.True(fixedUp.Succeeded);
        Assert.Equal(3, app.Generation);
        Assert.Equal("Fixed", app.GetElementDefine("services.Plain").Title);
    }

    [Fact]
    public async Task Writes_to_app_data_and_dot_folders_do_not_reload()
    {
        using var temp = TempApp.CreateShop();
        using var app = LoadWatched(temp);
        var reloads = 0;
        app.Reloaded += (_, _) => Interlocked.Increment(ref reloads);

        temp.Write("appData/app.db-wal", "pages");
        temp.Write(".elements/cache/x.dll", "bytes");
        await Task.Delay(TimeSpan.FromMilliseconds(600)); // twelve debounce periods

        Assert.Equal(0, Volatile.Read(ref reloads));
        var next = await Reloads.NextAsync(app, () => temp.Write("services/Plain/e.json", """{ "title": "Touched", "type": "services.NormalType" }"""));
        Assert.True(next.Succeeded);
        Assert.Equal(2, app.Generation);
    }

    [Fact]
    public async Task Added_and_removed_element_folders_are_picked_up()
    {
        using var temp = TempApp.CreateShop();
        using var app = LoadWatched(temp);

        var added = await Reloads.NextAsync(app, () => temp.Write("services/Added/e.json", """{ "title": "Added", "type": "services.NormalType" }"""));
        Assert.True(added.Succeeded);
        Assert.Equal("Added", app.GetElementDefine("services.Added").Title);

        await Reloads.NextAsync(app, () => Directory.Delete(Path.Combine(temp.Root, "services", "Added"), recursive: true));
        Assert.False(app.TryGetElement("services.Added", out _));
    }

    [Fact]
    public void Reload_without_watching_is_explicit()
    {
        using var temp = TempApp.CreateShop();
        using var app = TestApps.Load(temp.Root);
        temp.Write("services/Plain/e.json", """{ "title": "Manual", "type": "services.NormalType" }""");
        Assert.Equal("Instance without any class", app.GetElementDefine("services.Plain").Title);

        var result = app.Reload();
        Assert.True(result.Succeeded);
        Assert.Equal("Manual", app.GetElementDefine("services.Plain").Title);
    }

    [Fact]
    public async Task Readers_during_reloads_always_see_a_complete_registry()
    {
        using var temp = TempApp.CreateShop();
        using var app = TestApps.Load(temp.Root);
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            var reads = 0;
            while (!stop.IsCancellationRequested || reads == 0)
            {
                Assert.Equal(22, app.Elements.Count);
                Assert.NotNull(app.GetElement("services.Calc"));
                reads++;
            }

            return reads;
        })).ToList();
        for (var i = 0; i < 10; i++)
        {
            Assert.True(app.Reload().Succeeded);
        }

        stop.Cancel();
        await Task.WhenAll(readers);
        Assert.Equal(11, app.Generation);
    }
}
