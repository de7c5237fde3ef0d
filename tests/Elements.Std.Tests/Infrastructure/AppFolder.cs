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
        AppFiles.WriteManifest(path, "test.StdApp", "Std element tests", envVars, settings);
        return new AppFolder(parent, path);
    }

    /// <summary>Writes <c>e.json</c> of the element <paramref name="fullName"/> (dots are folders).</summary>
    public void WriteElement(string fullName, string eJson) => AppFiles.WriteElement(Path, fullName, eJson);

    public ElementApp Load() => ElementApp.Load(Path, b => b.AddStdElements());

    public void Dispose() => _parent.Dispose();
}
