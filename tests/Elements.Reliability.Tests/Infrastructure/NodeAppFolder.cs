using Elements.Testing;

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
        var root = Path.Combine(Path.GetTempPath(), "elements-reliability", "node-" + Guid.NewGuid().ToString("n")[..12]);
        SampleApp.CopyElementsTo(root);

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
}
