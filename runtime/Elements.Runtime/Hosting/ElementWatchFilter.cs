namespace Elements.Hosting;

/// <summary>
/// What in an app folder is not part of the app, so hot reload neither watches nor reacts to it: build output
/// (<c>bin</c>, <c>obj</c>), the app's own data (<c>appData</c>), dot-folders (<c>.git</c>, the code cache), and
/// database files anywhere (SQLite's <c>*.db</c>, <c>*.sqlite*</c> and their <c>-wal</c>, <c>-shm</c> and
/// <c>-journal</c> companions), which change on every request that writes. The scanner skips the same folders.
/// </summary>
internal static class ElementWatchFilter
{
    public static bool IsIgnoredSegment(string segment) =>
        segment is "bin" or "obj" or "appData" || (segment.StartsWith('.') && segment is not ("." or ".."));

    public static bool IsIgnoredFile(string? name) =>
        name is not null
        && (name.EndsWith(".db", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith("-wal", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith("-shm", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith("-journal", StringComparison.OrdinalIgnoreCase)
            || name.Contains(".sqlite", StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether a change at <paramref name="relativePath"/> (below a watched folder) can change the app.
    /// Judged below the watched folder only, so an app that itself lives under some <c>bin/</c> is still watched.</summary>
    public static bool Matters(string? relativePath)
    {
        if (string.IsNullOrEmpty(relativePath))
        {
            return true;
        }

        var segments = relativePath.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return !segments.Any(IsIgnoredSegment) && !IsIgnoredFile(segments[^1]);
    }
}
