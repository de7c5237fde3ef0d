using System.Text.Json.Nodes;

namespace Elements.Loading;

/// <summary>What an app's <c>app.json</c> declares.</summary>
internal sealed record AppManifest(
    string AppId,
    string RootPath,
    string? Name,
    string? Title,
    string? Version,
    IReadOnlyList<string> Extends,
    JsonObject Settings,
    IReadOnlyDictionary<string, string> EnvVars)
{
    public string ManifestPath => Path.Combine(RootPath, "app.json");
}
