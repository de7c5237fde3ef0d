using Elements.Testing.Files;


namespace Elements.Runtime.Tests.Support;

/// <summary>
/// A writable copy of a fixture app in its own folder (so its only siblings are what the test puts there), deleted
/// on dispose. For tests that edit files: hot reload, generated layouts.
/// </summary>
internal sealed class TempApp : IDisposable
{
    private readonly TempDirectory _container;

    private TempApp(TempDirectory container, string root)
    {
        _container = container;
        Root = root;
    }

    public string Root { get; }

    /// <param name="withStandIn">Add the fixture stand-in of the built-in library as a sibling (it then wins over the
    /// real one, which other libraries keep extending), so results do not depend on the real library's content.</param>
    public static TempApp Create(string? copyFrom = null, string name = "App", bool withStandIn = true)
    {
        var container = TempDirectory.Create("elements-tests");
        var root = Path.Combine(container.Path, name);
        Directory.CreateDirectory(root);
        if (copyFrom is not null)
        {
            TempDirectory.CopyTree(copyFrom, root);
        }

        if (withStandIn)
        {
            TempDirectory.CopyTree(TestApps.StdStandIn, Path.Combine(container.Path, "Std"));
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
        var target = Path.Combine(_container.Path, name);
        TempDirectory.CopyTree(copyFrom, target);
        return target;
    }

    public string Write(string relativePath, string content) => TempDirectory.WriteFile(Path.Combine(Root, relativePath), content);

    public string WriteBytes(string relativePath, byte[] content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose() => _container.Dispose();
}
