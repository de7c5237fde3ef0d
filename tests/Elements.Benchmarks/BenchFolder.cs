namespace Elements.Benchmarks;

/// <summary>The temp folders benchmark apps live in: one container per app, deleted when the benchmark ends.</summary>
internal static class BenchFolder
{
    /// <summary>A new empty container under the temp folder; the app goes in its <c>App</c> subfolder.</summary>
    public static string CreateContainer() => Path.Combine(Path.GetTempPath(), "elements-bench", Guid.NewGuid().ToString("n"));

    public static void Write(string root, string relativePath, string content)
    {
        var path = Path.Combine(root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public static void Delete(string container)
    {
        try
        {
            Directory.Delete(container, recursive: true);
        }
        catch (IOException)
        {
            // A pooled handle may still hold the file for a moment; the OS temp cleaner gets the rest.
        }
    }
}
