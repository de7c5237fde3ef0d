using Elements.Hosting;
using Elements.Runtime.Tests.Support;

namespace Elements.Runtime.Tests.Hosting;

/// <summary>
/// The hot-reload watcher on real folders and real <see cref="FileSystemWatcher"/>s: the app's data (a SQLite file
/// and its WAL, written on every request) never reaches the callback, a burst of edits ends in one callback, and
/// top-level folders that come and go are watched or dropped.
/// </summary>
public sealed class ElementWatcherTests
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task Database_writes_in_app_data_and_at_the_root_never_call_back()
    {
        using var temp = TempApp.CreateShop();
        temp.Write("appData/app.db", "");
        temp.Write(".elements/cache/x.dll", "bytes");
        using var calls = new Callbacks();
        using var watcher = calls.Watch(temp.Root);

        Assert.DoesNotContain(watcher.WatchedSubtrees, d => Path.GetFileName(d) is "appData" or ".elements");
        Assert.Contains(Path.Combine(temp.Root, "services"), watcher.WatchedSubtrees);
        await using (var db = new FileStream(Path.Combine(temp.Root, "appData", "app.db"), FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
        await using (var wal = new FileStream(Path.Combine(temp.Root, "x.db-wal"), FileMode.Create, FileAccess.Write, FileShare.ReadWrite))
        {
            var page = new byte[4096];
            for (var i = 0; i < 200; i++)
            {
                await db.WriteAsync(page);
                await db.FlushAsync();
                await wal.WriteAsync(page);
                await wal.FlushAsync();
            }
        }

        temp.Write("services/Plain/orders.sqlite3", "rows");
        temp.Write("services/Plain/orders.sqlite3-journal", "rows");
        await Task.Delay(Debounce * 4);
        Assert.Equal(0, calls.Count);

        // The watcher is alive: an element's own file still calls back, once.
        temp.Write("services/Plain/e.json", """{ "title": "Touched", "type": "services.NormalType" }""");
        await calls.ExpectExactlyAsync(1);
    }

    [Fact]
    public async Task A_burst_of_edits_calls_back_once()
    {
        using var temp = TempApp.CreateShop();
        using var calls = new Callbacks();
        using var watcher = calls.Watch(temp.Root);

        for (var i = 0; i < 200; i++)
        {
            temp.Write("services/Plain/e.json", $$"""{ "title": "Edit {{i}}", "type": "services.NormalType" }""");
        }

        await calls.ExpectExactlyAsync(1);
    }

    [Fact]
    public async Task A_new_top_level_folder_is_watched_and_a_deleted_one_dropped()
    {
        using var temp = TempApp.CreateShop();
        using var calls = new Callbacks();
        using var watcher = calls.Watch(temp.Root);
        var widgets = Path.Combine(temp.Root, "widgets");

        temp.Write("widgets/Thing/e.json", """{ "title": "Thing", "type": "services.NormalType" }""");
        await calls.ExpectExactlyAsync(1);
        Assert.Contains(widgets, watcher.WatchedSubtrees);

        // Edits deep inside the new folder are seen: it has its own recursive watcher now.
        temp.Write("widgets/Thing/e.json", """{ "title": "Thing 2", "type": "services.NormalType" }""");
        await calls.ExpectExactlyAsync(2);

        Directory.Delete(widgets, recursive: true);
        await calls.ExpectExactlyAsync(3);
        Assert.DoesNotContain(widgets, watcher.WatchedSubtrees);

        // A new ignored folder is neither watched nor a reason to reload.
        temp.Write("obj/Debug/x.dll", "bytes");
        await Task.Delay(Debounce * 3);
        Assert.Equal(3, calls.Count);
        Assert.DoesNotContain(Path.Combine(temp.Root, "obj"), watcher.WatchedSubtrees);
    }

    [Fact]
    public async Task A_watched_app_loads_elements_of_a_new_top_level_folder_and_its_later_edits()
    {
        using var temp = TempApp.CreateShop();
        using var app = TestApps.Load(temp.Root, b => b.Configure(o =>
        {
            o.Watch = true;
            o.WatchDebounce = TimeSpan.FromMilliseconds(50);
        }));

        var added = await Reloads.NextAsync(app, () => temp.Write("widgets/Thing/e.json", """{ "title": "Thing", "type": "services.NormalType" }"""));
        Assert.True(added.Succeeded);
        Assert.Equal("Thing", app.GetElementDefine("widgets.Thing").Title);

        var edited = await Reloads.NextAsync(app, () => temp.Write("widgets/Thing/e.json", """{ "title": "Renamed", "type": "services.NormalType" }"""));
        Assert.True(edited.Succeeded);
        Assert.Equal("Renamed", app.GetElementDefine("widgets.Thing").Title);

        await Reloads.NextAsync(app, () => Directory.Delete(Path.Combine(temp.Root, "widgets"), recursive: true));
        Assert.False(app.TryGetElement("widgets.Thing", out _));
    }

    /// <summary>Counts the watcher's callbacks and lets a test wait for the next one.</summary>
    private sealed class Callbacks : IDisposable
    {
        private readonly SemaphoreSlim _signal = new(0);
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public ElementWatcher Watch(string folder) => new([folder], Debounce, () =>
        {
            Interlocked.Increment(ref _count);
            _signal.Release();
        });

        /// <summary>Waits for the callback that brings the count to <paramref name="expected"/>, then long enough
        /// for a second one (several debounce periods) to show up if the burst had caused one.</summary>
        public async Task ExpectExactlyAsync(int expected)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
            while (Count < expected && DateTime.UtcNow < deadline)
            {
                await _signal.WaitAsync(TimeSpan.FromMilliseconds(200));
            }

            await Task.Delay(Debounce * 3);
            Assert.Equal(expected, Count);
        }

        public void Dispose() => _signal.Dispose();
    }
}
