using System.Text.Json.Nodes;
using Elements.Diagnostics;

namespace Elements.Loading;

/// <summary>
/// Finds the apps an app extends on the search path: the app's own folder, its sibling folders, then the library roots
/// (each either an app folder or a folder of app folders); the first folder declaring an appId wins. Then linearises
/// the hierarchy child first, parents in <c>extends</c> order depth first, each app once, and the built-in library
/// <c>elements.std</c> last unless some app already names it.
/// </summary>
internal static class AppLocator
{
    public const string StdAppId = "elements.std";

    public static IReadOnlyList<AppManifest> Resolve(string appPath, IEnumerable<string> libraryRoots, DiagnosticBag diagnostics)
    {
        var root = ReadManifest(appPath, diagnostics);
        if (root is null)
        {
            return [];
        }

        var known = new Dictionary<string, AppManifest>(StringComparer.Ordinal) { [root.AppId] = root };
        var candidates = new List<string>();
        if (Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(appPath)) is { } parent && Directory.Exists(parent))
        {
            candidates.AddRange(Directory.EnumerateDirectories(parent).Order(StringComparer.Ordinal));
        }

        foreach (var library in libraryRoots)
        {
            if (File.Exists(Path.Combine(library, "app.json")))
            {
                candidates.Add(library);
            }
            else if (Directory.Exists(library))
            {
                candidates.AddRange(Directory.EnumerateDirectories(library).Order(StringComparer.Ordinal));
            }
        }

        // Candidates are parsed lazily: most sibling folders are never needed.
        var pending = new Queue<string>(candidates.Where(c => File.Exists(Path.Combine(c, "app.json"))
            && !PathsEqual(c, appPath)));
        AppManifest? Find(string appId)
        {
            while (!known.ContainsKey(appId) && pending.TryDequeue(out var folder))
            {
                // Problems in unrelated sibling apps are not this app's problems: parse them quietly.
                if (ReadManifest(folder, new DiagnosticBag(folder)) is { } manifest)
                {
                    known.TryAdd(manifest.AppId, manifest);
                }
            }

            return known.GetValueOrDefault(appId);
        }

        var order = new List<AppManifest>();
        var visiting = new List<string>();
        void Visit(AppManifest app, AppManifest? child)
        {
            if (visiting.Contains(app.AppId))
            {
                diagnostics.AddAt(DiagnosticCodes.InvalidApp, child!.ManifestPath, ["extends"],
                    $"app '{child.AppId}' extends '{app.AppId}', which already extends it: "
                    + string.Join(" -> ", visiting.Append(app.AppId)));
                return;
            }

            if (order.Contains(app))
            {
                return;
            }

            visiting.Add(app.AppId);
            order.Add(app);
            foreach (var parentId in app.Extends)
            {
                if (Find(parentId) is { } parentApp)
                {
                    Visit(parentApp, app);
                }
                else
                {
                    diagnostics.AddAt(DiagnosticCodes.InvalidApp, app.ManifestPath, ["extends"],
                        $"app '{app.AppId}' extends '{parentId}', which is not on the search path"
                        + NameSuggester.Hint(parentId, known.Keys));
                }
            }

            visiting.RemoveAt(visiting.Count - 1);
        }

        Visit(root, null);
        if (order.All(a => a.AppId != StdAppId) && Find(StdAppId) is { } std)
        {
            Visit(std, null);
        }

        return order;
    }

    private static bool PathsEqual(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)),
            StringComparison.Ordinal);

    public static AppManifest? ReadManifest(string folder, DiagnosticBag diagnostics)
    {
        var file = Path.Combine(folder, "app.json");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(DiagnosticCodes.InvalidApp, file, $"cannot read app.json: {ex.Message}");
            return null;
        }

        // Read like e.json (JsonNode.Parse would throw on a duplicate key only when the object is first used).
        if (JsonFile.Parse(file, bytes, diagnostics) is not { } root)
        {
            return null;
        }

        if (JsonNodeBuilder.Build(root, null, []) is not JsonObject obj)
        {
            diagnostics.Add(DiagnosticCodes.InvalidApp, file, "app.json must hold a JSON object");
            return null;
        }

        if (String(obj, "appId") is not { Length: > 0 } appId)
        {
            diagnostics.Add(DiagnosticCodes.InvalidApp, file, "app.json lacks the required string 'appId'");
            return null;
        }

        var extends = new List<string>();
        if (obj["extends"] is JsonArray parents)
        {
            for (var i = 0; i < parents.Count; i++)
            {
                // Both {"appId": "x", "version": "1"} and a bare "x" are accepted.
                var parentId = parents[i] is JsonObject p ? String(p, "appId") : parents[i] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
                if (string.IsNullOrEmpty(parentId))
                {
                    diagnostics.AddAt(DiagnosticCodes.InvalidApp, file, ["extends", i], "each 'extends' entry needs an 'appId'");
                }
                else if (!extends.Contains(parentId))
                {
                    extends.Add(parentId);
                }
            }
        }

        var envVars = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj["envVars"] is JsonObject vars)
        {
            foreach (var (key, value) in vars)
            {
                envVars[key] = value is JsonValue jv && jv.TryGetValue<string>(out var text) ? text : value?.ToJsonString() ?? "";
            }
        }

        return new AppManifest(appId, Path.GetFullPath(folder), String(obj, "name"), String(obj, "title"), String(obj, "version"),
            extends, obj["settings"] as JsonObject ?? [], envVars);
    }

    private static string? String(JsonObject obj, string key) =>
        obj[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
