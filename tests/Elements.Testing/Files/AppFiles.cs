using System.Text.Json.Nodes;

namespace Elements.Testing.Files;

/// <summary>Writes the files of a test app: its <c>app.json</c> and element folders.</summary>
public static class AppFiles
{
    /// <summary>Writes <c>app.json</c>: <paramref name="appId"/> (<c>org.Name</c>), title, version 1.0.0, settings, envVars.</summary>
    public static void WriteManifest(string root, string appId, string title, IReadOnlyDictionary<string, string>? envVars = null,
        JsonObject? settings = null)
    {
        var manifest = new JsonObject
        {
            ["appId"] = appId,
            ["name"] = appId[(appId.IndexOf('.', StringComparison.Ordinal) + 1)..],
            ["title"] = title,
            ["version"] = "1.0.0",
            ["settings"] = settings ?? [],
            ["envVars"] = new JsonObject([.. (envVars ?? new Dictionary<string, string>()).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))]),
        };
        TempDirectory.WriteFile(Path.Combine(root, "app.json"), manifest.ToJsonString());
    }

    /// <summary>
    /// Writes <c>e.json</c> of <paramref name="fullName"/> (dots are folders) and, when a file name is given, its business
    /// config file; returns the element folder.
    /// </summary>
    public static string WriteElement(string root, string fullName, string eJson, string? configFileName = null, string? configJson = null)
    {
        var folder = Path.Combine([root, .. fullName.Split('.')]);
        TempDirectory.WriteFile(Path.Combine(folder, "e.json"), eJson);
        if (configFileName is not null)
        {
            File.WriteAllText(Path.Combine(folder, configFileName), configJson ?? "{}");
        }

        return folder;
    }
}
