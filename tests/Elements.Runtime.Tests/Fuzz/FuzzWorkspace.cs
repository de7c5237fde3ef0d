namespace Elements.Runtime.Tests.Fuzz;

/// <summary>
/// A private copy of the sample app (<c>App/</c>: app.json, every e.json and business config) beside a copy of the
/// built-in library's JSON files (<c>Std/</c>, a sibling, so it wins over the real library root). Each fuzz worker
/// owns one, mutates one file per case and puts the original bytes back afterwards.
/// </summary>
internal sealed class FuzzWorkspace : IDisposable
{
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal) { "bin", "obj", "appData", "Host", "wwwroot" };

    private FuzzWorkspace(string container)
    {
        Container = container;
        AppRoot = Path.Combine(container, "App");
    }

    public string Container { get; }

    public string AppRoot { get; }

    /// <summary>The JSON files a case may mutate, relative to <see cref="Container"/> with forward slashes.</summary>
    public IReadOnlyList<string> Files { get; private set; } = [];

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Elements.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (Elements.sln) not found above " + AppContext.BaseDirectory);
    }

    public static FuzzWorkspace Create()
    {
        var repository = RepositoryRoot();
        var workspace = new FuzzWorkspace(Path.Combine(Path.GetTempPath(), "elements-fuzz", Guid.NewGuid().ToString("n")));
        var files = new List<string>();
        CopyJson(Path.Combine(repository, "app"), Path.Combine(workspace.Container, "App"), "App", files, topLevel: true);
        CopyJson(Path.Combine(repository, "elements"), Path.Combine(workspace.Container, "Std"), "Std", files, topLevel: true);
        files.Sort(StringComparer.Ordinal);
        workspace.Files = files;
        return workspace;
    }

    public string FullPath(string relative) => Path.Combine(Container, relative);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Container, recursive: true);
        }
        catch (IOException)
        {
            // Best effort; the OS temp cleaner gets the rest.
        }
    }

    private static void CopyJson(string source, string target, string relative, List<string> files, bool topLevel)
    {
        foreach (var file in Directory.GetFiles(source, "*.json"))
        {
            var name = Path.GetFileName(file);

            // Host settings are not element files (the loader never reads them).
            if (topLevel && name != "app.json")
            {
                continue;
            }

            Directory.CreateDirectory(target);
            File.Copy(file, Path.Combine(target, name));
            files.Add(relative + "/" + name);
        }

        foreach (var dir in Directory.GetDirectories(source))
        {
            var name = Path.GetFileName(dir);
            if (!SkippedFolders.Contains(name) && !name.StartsWith('.'))
            {
                CopyJson(dir, Path.Combine(target, name), relative + "/" + name, files, topLevel: false);
            }
        }
    }
}
