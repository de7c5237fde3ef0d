namespace Elements.Hosting;

/// <summary>
/// Watches the app folders and calls back once changes have been quiet for the debounce period, so a save that
/// touches several files (or an editor's write-rename dance) triggers one rebuild.
/// </summary>
internal sealed class ElementWatcher : IDisposable
{
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Timer _timer;
    private readonly TimeSpan _debounce;

    public ElementWatcher(IEnumerable<string> folders, TimeSpan debounce, Action onChange)
    {
        _debounce = debounce;
        _timer = new Timer(_ => onChange(), null, Timeout.Infinite, Timeout.Infinite);
        foreach (var folder in folders.Distinct(StringComparer.Ordinal).Where(Directory.Exists))
        {
            var watcher = new FileSystemWatcher(folder)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            watcher.Changed += OnEvent;
            watcher.Created += OnEvent;
            watcher.Deleted += OnEvent;
            watcher.Renamed += OnEvent;
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
    }

    private void OnEvent(object sender, FileSystemEventArgs e)
    {
        // Build output, an app's own data (a SQLite file written on every request) and dot-folders are not part of
        // the app: the scanner skips them, and reacting to their writes would reload for nothing. Judged on the path
        // below the watched folder, so an app that itself lives under some bin/ folder is still watched.
        var relative = Path.GetRelativePath(((FileSystemWatcher)sender).Path, e.FullPath);
        if (relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Any(IsIgnoredSegment))
        {
            return;
        }

        _timer.Change(_debounce, Timeout.InfiniteTimeSpan);
    }

    private static bool IsIgnoredSegment(string segment) =>
        segment is "bin" or "obj" or "appData" || (segment.StartsWith('.') && segment is not ("." or ".."));

    public void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        _timer.Dispose();
    }
}
