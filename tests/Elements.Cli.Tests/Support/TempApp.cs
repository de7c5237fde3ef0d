namespace Elements.Cli.Tests.Support;

/// <summary>An app folder of its own under the temp folder (app.json written), deleted on dispose.</summary>
internal sealed class TempApp : IDisposable
{
    private readonly string _container;

    private TempApp(string container, string root)
    {
        _container = container;
        Root = root;
    }

    public string Root { get; }

    public static TempApp Create(string appId = "test.Cli", string? copyFrom = null)
    {
        var container = Path.Combine(Path.GetTempPath(), "elements-cli-tests", Guid.NewGuid().ToString("n"));
        var root = Path.Combine(container, "App");
        Directory.CreateDirectory(root);
        if (copyFrom is not null)
        {
            foreach (var file in Directory.EnumerateFiles(copyFrom, "*", SearchOption.AllDirectories))
            {
                var destination = Path.Combine(root, Path.GetRelativePath(copyFrom, file));
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Copy(file, destination);
            }
        }

        if (!File.Exists(Path.Combine(root, "app.json")))
        {
            File.WriteAllText(Path.Combine(root, "app.json"), $$"""{ "appId": "{{appId}}" }""");
        }

        return new TempApp(container, root);
    }

    public string Full(string relative) => Path.Combine(Root, relative);

    public string Write(string relativePath, string content)
    {
        var path = Full(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public string Read(string relativePath) => File.ReadAllText(Full(relativePath));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_container, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the OS temp cleaner gets the rest.
        }
    }
}
