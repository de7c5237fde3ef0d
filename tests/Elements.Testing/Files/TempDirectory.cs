namespace Elements.Testing.Files;

/// <summary>
/// A private folder under the system temp folder for one test, deleted on dispose. Test apps live one level below
/// it, so the only sibling apps the runtime finds are the ones the test puts there.
/// </summary>
public sealed class TempDirectory : IDisposable
{
    private TempDirectory(string path) => Path = path;

    public string Path { get; }

    /// <summary>A new empty folder <c>&lt;temp&gt;/<paramref name="prefix"/>/&lt;guid&gt;</c>.</summary>
    public static TempDirectory Create(string prefix) =>
        new(Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix, Guid.NewGuid().ToString("n"))).FullName);

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/>, creating its folders; returns the path.</summary>
    public static string WriteFile(string path, string content)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Copies every file below <paramref name="from"/> to the same place below <paramref name="to"/>.</summary>
    public static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var destination = System.IO.Path.Combine(to, System.IO.Path.GetRelativePath(from, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A pooled SQLite handle, a file watcher or a host that did not stop cleanly may still hold a file for a
            // moment; a temp folder left behind is not worth failing a test over.
        }
    }
}
