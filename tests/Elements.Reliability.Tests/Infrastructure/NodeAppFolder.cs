namespace Elements.Reliability.Tests.Infrastructure;

/// <summary>
/// A throwaway copy of the sample app's element folders (no appData) for one host process, as a node of a deployment
/// would have its own copy. With a connection string the copy declares its own <c>databases/Default</c> of type
/// <c>databases.PostgresType</c> (the documented switch), the connection string coming from <c>{{PG_CONN}}</c>.
/// </summary>
internal sealed class NodeAppFolder : IDisposable
{
    private NodeAppFolder(string root) => Root = root;

    public string Root { get; }

    public static NodeAppFolder Create(bool postgres)
    {
        var source = RepositoryPaths.App;
        var root = Path.Combine(Path.GetTempPath(), "elements-reliability", "node-" + Guid.NewGuid().ToString("n")[..12]);
        Directory.CreateDirectory(root);
        File.Copy(Path.Combine(source, "app.json"), Path.Combine(root, "app.json"));
        foreach (var dir in Directory.GetDirectories(source))
        {
            var name = Path.GetFileName(dir);
            if (name is "bin" or "obj" or "appData" or "Host" or "wwwroot" || !Directory.EnumerateFiles(dir, "e.json", SearchOption.AllDirectories).Any())
            {
                continue;
            }

            Copy(dir, Path.Combine(root, name));
        }

        if (postgres)
        {
            var database = Path.Combine(root, "databases", "Default");
            Directory.CreateDirectory(database);
            File.WriteAllText(Path.Combine(database, "e.json"),
                """{"title": "App database", "type": "databases.PostgresType", "connectionString": "{{PG_CONN}}"}""");
        }

        return new NodeAppFolder(root);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a host that did not stop cleanly may still hold the SQLite file.
        }
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.GetDirectories(from))
        {
            Copy(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }
}
