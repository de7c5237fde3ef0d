using System.Diagnostics;

namespace Elements.Hosting;

/// <summary>
/// Watches the app folders and calls back once changes have been quiet for the debounce period, so a save that
/// touches several files (or an editor's write-rename dance) triggers one rebuild.
/// <para>
/// An app's own data lives inside its folder (a SQLite database and its WAL under <c>appData/</c>, written on every
/// request), so a recursive watcher on the folder would wake for each of those writes only to drop them. Instead
/// each folder's root is watched on its own (non-recursively) and each top-level subdirectory that can hold elements
/// gets its own recursive watcher: the ignored subtrees (<see cref="ElementWatchFilter"/>) are never watched, and
/// the operating system does not even report their writes. Top-level directories that appear later get a watcher;
/// those that go lose theirs.
/// </para>
/// </summary>
internal sealed class ElementWatcher : IDisposable
{
    private const NotifyFilters Filters = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size;

    private readonly Lock _gate = new();
    private readonly List<FileSystemWatcher> _rootWatchers = [];

    // Keyed by the subdirectory's full path; only touched under _gate.
    private readonly Dictionary<string, FileSystemWatcher> _subtreeWatchers = new(StringComparer.Ordinal);
    private readonly Timer _timer;
    private readonly TimeSpan _debounce;
    private readonly Action _onChange;
    private long _lastEvent;
    private int _armed;
    private bool _disposed;

    public ElementWatcher(IEnumerable<string> folders, TimeSpan debounce, Action onChange)
    {
        _debounce = debounce;
        _onChange = onChange;
        _timer = new Timer(_ => OnQuiet(), null, Timeout.Infinite, Timeout.Infinite);
        lock (_gate)
        {
            foreach (var folder in folders.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).Where(Directory.Exists))
            {
                var root = Start(folder, recursive: false);
                root.Created += OnRootCreated;
                root.Deleted += OnRootDeleted;
                root.Renamed += OnRootRenamed;
                root.Changed += OnRootChanged;
                _rootWatchers.Add(root);
                foreach (var directory in Directory.EnumerateDirectories(folder))
                {
                    WatchSubtree(directory);
                }
            }
        }
    }

    /// <summary>The top-level directories watched recursively now (for tests: ignored ones never are).</summary>
    internal IReadOnlyCollection<string> WatchedSubtrees
    {
        get
        {
            lock (_gate)
            {
                return [.. _subtreeWatchers.Keys];
            }
        }
    }

    private FileSystemWatcher Start(string path, bool recursive)
    {
        var watcher = new FileSystemWatcher(path) { IncludeSubdirectories = recursive, NotifyFilter = Filters };
        // A lost event (queue overflow) may have been a relevant one: reload to be sure.
        watcher.Error += (_, _) => Touch();
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    /// <summary>Adds a recursive watcher for a top-level directory unless it is ignored or already watched.</summary>
    private void WatchSubtree(string directory)
    {
        if (_disposed || ElementWatchFilter.IsIgnoredSegment(Path.GetFileName(directory)) || _subtreeWatchers.ContainsKey(directory))
        {
            return;
        }

        FileSystemWatcher watcher;
        try
        {
            watcher = Start(directory, recursive: true);
        }
        catch (Exception ex) when (ex is ArgumentException or FileNotFoundException or DirectoryNotFoundException)
        {
            // Gone again before it could be watched (a temp folder of some tool): its deletion is reported by the root.
            return;
        }

        watcher.Changed += OnSubtreeEvent;
        watcher.Created += OnSubtreeEvent;
        watcher.Deleted += OnSubtreeEvent;
        watcher.Renamed += OnSubtreeRenamed;
        _subtreeWatchers.Add(directory, watcher);
    }

    /// <returns>Whether the directory was watched.</returns>
    private bool UnwatchSubtree(string directory)
    {
        if (!_subtreeWatchers.Remove(directory, out var watcher))
        {
            return false;
        }

        watcher.Dispose();
        return true;
    }

    private void OnRootCreated(object sender, FileSystemEventArgs e)
    {
        if (RootEntryCreated(e.FullPath))
        {
            Touch();
        }
    }

    private void OnRootDeleted(object sender, FileSystemEventArgs e)
    {
        if (RootEntryRemoved(e.FullPath))
        {
            Touch();
        }
    }

    private void OnRootRenamed(object sender, RenamedEventArgs e)
    {
        // Both sides are looked at: a folder renamed to ".trash" is a removal, one renamed from "tmp.x" an addition.
        var removed = RootEntryRemoved(e.OldFullPath);
        var created = RootEntryCreated(e.FullPath);
        if (removed || created)
        {
            Touch();
        }
    }

    private void OnRootChanged(object sender, FileSystemEventArgs e)
    {
        // A directory's own attributes changing says nothing its subtree watcher does not already report.
        if (!Directory.Exists(e.FullPath) && !ElementWatchFilter.IsIgnoredFile(e.Name))
        {
            Touch();
        }
    }

    /// <returns>Whether the new entry matters to the app.</returns>
    private bool RootEntryCreated(string path)
    {
        var name = Path.GetFileName(path);
        if (!Directory.Exists(path))
        {
            return !ElementWatchFilter.IsIgnoredFile(name);
        }

        if (ElementWatchFilter.IsIgnoredSegment(name))
        {
            return false;
        }

        lock (_gate)
        {
            // Watched before the reload is scheduled, so an edit made while that reload runs is not missed.
            WatchSubtree(path);
        }

        return true;
    }

    /// <returns>Whether the removed entry mattered to the app.</returns>
    private bool RootEntryRemoved(string path)
    {
        lock (_gate)
        {
            if (UnwatchSubtree(path))
            {
                return true;
            }
        }

        // Gone, so whether it was a file or a directory is no longer known: an ignored name is ignored either way.
        var name = Path.GetFileName(path);
        return !ElementWatchFilter.IsIgnoredSegment(name) && !ElementWatchFilter.IsIgnoredFile(name);
    }

    private void OnSubtreeEvent(object sender, FileSystemEventArgs e)
    {
        if (ElementWatchFilter.Matters(e.Name))
        {
            Touch();
        }
    }

    private void OnSubtreeRenamed(object sender, RenamedEventArgs e)
    {
        if (ElementWatchFilter.Matters(e.Name) || ElementWatchFilter.Matters(e.OldName))
        {
            Touch();
        }
    }

    /// <summary>
    /// Notes a relevant change. Only the first event of a burst arms the timer; the others just move the time of
    /// the last event, which the timer looks at when it fires, so a burst of any size costs one timer schedule and
    /// ends in one callback.
    /// </summary>
    private void Touch()
    {
        Volatile.Write(ref _lastEvent, Stopwatch.GetTimestamp());
        if (Interlocked.Exchange(ref _armed, 1) == 0)
        {
            Arm(_debounce);
        }
    }

    private void OnQuiet()
    {
        var quiet = Stopwatch.GetElapsedTime(Volatile.Read(ref _lastEvent));
        if (quiet < _debounce)
        {
            Arm(_debounce - quiet);
            return;
        }

        // Disarmed before the callback: an event during the reload arms a new one. An event between the check above
        // and this line arms nothing, but its change is already on disk when the reload reads the files.
        Volatile.Write(ref _armed, 0);
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
        }

        _onChange();
    }

    private void Arm(TimeSpan dueTime)
    {
        try
        {
            _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Disposed while an event was in flight: nothing left to reload.
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var watcher in _rootWatchers.Concat(_subtreeWatchers.Values))
            {
                watcher.Dispose();
            }

            _rootWatchers.Clear();
            _subtreeWatchers.Clear();
        }

        _timer.Dispose();
    }
}
