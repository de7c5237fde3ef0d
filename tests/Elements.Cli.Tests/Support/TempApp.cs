using Elements.Testing;

namespace Elements.Cli.Tests.Support;

/// <summary>An app folder of its own under the temp folder (app.json written), deleted on dispose.</summary>
internal sealed class TempApp : IDisposable
{
    private readonly TempDirectory _container;

    private TempApp(TempDirectory container, string root)
    {
        _container = container;
        Root = root;
    }

    public string Root { get; }

    public static TempApp Create(string appId = "test.Cli", string? copyFrom = null)
    {
        var container = TempDirectory.Create("elements-cli-tests");
        var root = Path.Combine(container.Path, "App");
        Directory.CreateDirectory(root);
        if (copyFrom is not null)
        {
            TempDirectory.CopyTree(copyFrom, root);
        }

        if (!File.Exists(Path.Combine(root, "app.json")))
        {
            File.WriteAllText(Path.Combine(root, "app.json"), $$"""{ "appId": "{{appId}}" }""");
        }

        return new TempApp(container, root);
    }

    public string Full(string relative) => Path.Combine(Root, relative);

    public string Write(string relativePath, string content) => TempDirectory.WriteFile(Full(relativePath), content);

    public string Read(string relativePath) => File.ReadAllText(Full(relativePath));

    public void Dispose() => _container.Dispose();
}
