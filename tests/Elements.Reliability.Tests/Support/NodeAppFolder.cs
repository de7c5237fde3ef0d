using Elements.Testing.Files;
using Elements.Testing.Repository;


namespace Elements.Reliability.Tests.Support;

/// <summary>
/// A throwaway copy of the sample app's element folders (no appData) for one host process, as a node of a deployment
/// would have its own copy. With a connection string the copy declares its own <c>databases/Default</c> of type
/// <c>databases.PostgresType</c> (the documented switch), the connection string coming from <c>{{PG_CONN}}</c>. Its
/// <c>roles.Operators</c> lets every signed-in user send customer-service messages.
/// </summary>
internal sealed class NodeAppFolder : IDisposable
{
    private readonly TempDirectory _root;

    private NodeAppFolder(TempDirectory root) => _root = root;

    public string Root => _root.Path;

    public static NodeAppFolder Create(bool postgres)
    {
        var root = TempDirectory.Create("elements-reliability");
        SampleApp.CopyElementsTo(root.Path);
        // The deployment under test is a customer-service desk: every signed-in user is an operator who may send
        // messages (the sample app leaves messaging to roles.Admin).
        var operators = Path.Combine(root.Path, "roles", "Operators");
        Directory.CreateDirectory(operators);
        File.WriteAllText(Path.Combine(operators, "e.json"), """
            { "title": "Operators", "type": "roles.NormalType", "appliesTo": "authenticated", "apiPerm": { "messages.MyCustomService.*": "allow" } }
            """);

        if (postgres)
        {
            var database = Path.Combine(root.Path, "databases", "Default");
            Directory.CreateDirectory(database);
            File.WriteAllText(Path.Combine(database, "e.json"),
                """{"title": "App database", "type": "databases.PostgresType", "connectionString": "{{PG_CONN}}"}""");
        }

        return new NodeAppFolder(root);
    }

    public void Dispose() => _root.Dispose();
}
