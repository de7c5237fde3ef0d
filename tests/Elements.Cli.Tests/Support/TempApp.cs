using Elements.Testing.Files;
using Elements.Testing.Repository;


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

    /// <summary>
    /// A copy of the sample app folder as a fresh clone has it (host project, Program.cs and element folders), without
    /// build output, <c>appData</c> or generated <c>.elements</c>: what a newcomer's commands run against.
    /// </summary>
    public static TempApp FromSampleAppClone()
    {
        var container = TempDirectory.Create("elements-cli-tests");
        var root = Path.Combine(container.Path, "app");
        foreach (var file in Directory.EnumerateFiles(SampleApp.Folder, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(SampleApp.Folder, file);
            if (relative.Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj" or "appData" or ".elements")
            {
                continue;
            }

            var destination = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return new TempApp(container, root);
    }

    /// <summary>The folder holding <see cref="Root"/> (for a sample app clone, the stand-in for the repository root).</summary>
    public string Container => _container.Path;

    public string Full(string relative) => Path.Combine(Root, relative);

    public string Write(string relativePath, string content) => TempDirectory.WriteFile(Full(relativePath), content);

    public string Read(string relativePath) => File.ReadAllText(Full(relativePath));

    public void Dispose() => _container.Dispose();
}
