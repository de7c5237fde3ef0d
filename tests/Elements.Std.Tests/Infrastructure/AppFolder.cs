using System.Text.Json.Nodes;
using Elements.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Std.Tests.Infrastructure;

/// <summary>
/// An app folder written by a test under a private temp directory (the runtime looks at an app's sibling folders for
/// the apps it extends, so each app gets a parent of its own). Deleted on dispose.
/// </summary>
public sealed class AppFolder : IDisposable
{
    private readonly TempDirectory _parent;

    private AppFolder(TempDirectory parent, string path)
    {
        _parent = parent;
        Path = path;
    }

    public string Path { get; }

    public static AppFolder Create(JsonObject? settings = null, IReadOnlyDictionary<string, string>? envVars = null)
    {
        var parent = TempDirectory.Create("elements-std-tests");
        var path = System.IO.Path.Combine(parent.Path, "testApp");
        Directory.CreateDirectory(path);
        var manifest = new JsonObject
        {
            ["appId"] = "test.StdApp",
            ["name"] = "StdApp",
            ["title"] = "Std element tests",
            ["version"] = "1.0.0",
            ["settings"] = settings ?? new JsonObject(),
            ["envVars"] = new JsonObject([.. (envVars ?? new Dictionary<string, string>()).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))]),
        };
        File.WriteAllText(System.IO.Path.Combine(path, "app.json"), manifest.ToJsonString());
        return new AppFolder(parent, path);
    }

    /// <summary>Writes <c>e.json</c> of the element <paramref name="fullName"/> (dots are folders).</summary>
    public void WriteElement(string fullName, string eJson)
    {
        var folder = System.IO.Path.Combine([Path, .. fullName.Split('.')]);
        Directory.CreateDirectory(folder);
        File.WriteAllText(System.IO.Path.Combine(folder, "e.json"), eJson);
    }

    public ElementApp Load() => ElementApp.Load(Path, b => b.AddStdElements());

    public void Dispose() => _parent.Dispose();
}
