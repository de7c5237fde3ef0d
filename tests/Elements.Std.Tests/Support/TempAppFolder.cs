using System.Text.Json.Nodes;
using Elements.Testing.Files;

namespace Elements.Std.Tests.Support;

/// <summary>
/// An app folder written for one test in a container of its own (no sibling apps): <c>app.json</c> with envVars plus
/// element folders (<c>e.json</c> and business config). Deleted on dispose.
/// </summary>
public sealed class TempAppFolder : IDisposable
{
    private readonly TempDirectory _container;

    private TempAppFolder(TempDirectory container, string root)
    {
        _container = container;
        Root = root;
    }

    public string Root { get; }

    public static TempAppFolder Create(IReadOnlyDictionary<string, string>? envVars = null)
    {
        var container = TempDirectory.Create("elements-messaging-tests");
        var root = Path.Combine(container.Path, "App");
        AppFiles.WriteManifest(root, "test.Messaging", "Messaging tests", envVars);
        return new TempAppFolder(container, root);
    }

    /// <summary>Writes <c>messages/Name/e.json</c> and, when given, <c>messages/Name/Name.json</c>.</summary>
    public string AddElement(string fullName, JsonObject eJson, JsonObject? businessConfig = null) =>
        AppFiles.WriteElement(Root, fullName, eJson.ToJsonString(), businessConfig is null ? null : fullName.Split('.')[^1] + ".json",
            businessConfig?.ToJsonString());

    /// <summary>Copies an existing element folder (e.g. the sample app's) to the same place in this app.</summary>
    public void CopyElement(string sourceFolder, string fullName)
    {
        var target = Path.Combine([Root, .. fullName.Split('.')]);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(sourceFolder))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
    }

    public void Dispose() => _container.Dispose();
}
