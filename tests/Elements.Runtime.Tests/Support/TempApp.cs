namespace Elements.Runtime.Tests.Support;

/// <summary>
/// A writable copy of a fixture app in its own folder (so its only siblings are what the test puts there), deleted
/// on dispose. For tests that edit files: hot reload, generated layouts.
/// </summary>
internal sealed class TempApp : IDisposable
{
    private readonly string _container;

    private TempApp(string container, string root)
    {
        _container = container;
        Root = root;
    }

    public string Root { get; }

    /// <param name="withStandIn">Add the fixture stand-in of the built-in library as a sibling (it then wins over the
    /// real one, which other libraries keep extending), so results do not depend on the real library's content.</param>
    public static TempApp Create(string? copyFrom = null, string name = "App", bool withStandIn = true)
    {
        var container = Path.Combine(Path.GetTempPath(), "elements-tests", Guid.NewGuid().ToString("n"));
        var root = Path.Combine(container, name);
        Directory.CreateDirectory(root);
        if (copyFrom is not null)
        {
            Copy(copyFrom, root);
        }

        if (withStandIn)
        {
            Copy(TestApps.StdStandIn, Path.Combine(container, "Std"));
        }

        return new TempApp(container, root);
    }

    /// <summary>A copy of the Shop app with its Lib sibling.</summary>
    public static TempApp CreateShop()
    {
        var temp = Create(TestApps.Shop, "Shop");
        temp.AddSibling(TestApps.Lib, "Lib");
        return temp;
    }

    /// <summary>Copies another fixture app beside this one (a sibling on the search path).</summary>
    public string AddSibling(string copyFrom, string name)
    {
        var target = Path.Combine(_container, name);
        Copy(copyFrom, target);
        return target;
    }

    public string Write(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public string WriteBytes(string relativePath, byte[] content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_container, recursive: true);
        }
        catch (IOException)
        {
            // A watcher may still hold a handle for a moment; the OS temp cleaner gets the rest.
        }
    }

    private static void Copy(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}
