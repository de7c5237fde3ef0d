using System.IO.Enumeration;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elements.Configuration;
using Elements.Definitions;
using Elements.Diagnostics;

namespace Elements.Loading;

/// <summary>
/// Walks one app folder and reads every <c>e.json</c>. A folder's relative path is its full name (<c>/</c> → <c>.</c>),
/// except that <c>frontend</c>/<c>backend</c> add no segment; <c>commons</c>, <c>bin</c>, <c>obj</c>, <c>appData</c>,
/// dot-folders and nested app folders (holding an <c>app.json</c>) are not scanned.
/// </summary>
internal static class ElementScanner
{
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal) { "commons", "bin", "obj", "appData" };
    private static readonly HashSet<string> TransparentFolders = new(StringComparer.Ordinal) { "frontend", "backend" };

    // Keys with a meaning of their own; every other e.json key is type-specific config.
    private static readonly HashSet<string> ReservedKeys = new(StringComparer.Ordinal)
    {
        "title", "type", "description", "tag", "icon", "backendBundleEntry", "frontBundleEntry", "accessModifier",
        "internal", "functionList", "variables", SchemaKey,
    };

    // Editors' "$schema" pointer (written by `elements new`) describes a file; it is never element config.
    private const string SchemaKey = "$schema";

    // Below this many pending folders the walk stays on one thread: small apps gain nothing from fanning out.
    private const int ParallelWalkThreshold = 16;

    private static readonly EnumerationOptions EnumerationOptions = new()
    {
        RecurseSubdirectories = false,
        AttributesToSkip = 0,
        IgnoreInaccessible = true,
    };

    public static Dictionary<string, RawElement> Scan(AppManifest app, PlaceholderResolver placeholders, DiagnosticBag diagnostics)
    {
        var found = new List<(string FullName, string Folder, List<string> Files)>();

        // The folder walk costs about as much as reading the files, so it is parallel too: expand breadth-first until
        // there are enough independent subtrees, then walk those concurrently.
        var level = new List<(string Folder, string Prefix)> { (app.RootPath, "") };
        var isRoot = true;
        while (level.Count is > 0 and < ParallelWalkThreshold)
        {
            var next = new List<(string Folder, string Prefix)>();
            foreach (var (folder, prefix) in level)
            {
                Visit(folder, prefix, isRoot, found, next);
            }

            level = next;
            isRoot = false;
        }

        var subtrees = new List<(string, string, List<string>)>[level.Count];
        Parallel.For(0, level.Count, i =>
        {
            subtrees[i] = [];
            Walk(level[i].Folder, level[i].Prefix, subtrees[i]);
        });
        foreach (var subtree in subtrees)
        {
            found.AddRange(subtree);
        }

        // Files are independent of each other, so they are read and parsed in parallel; the result is keyed and
        // ordered afterwards so the outcome does not depend on scheduling.
        var parsed = new RawElement?[found.Count];
        Parallel.For(0, found.Count, new ParallelOptions { MaxDegreeOfParallelism = found.Count < 64 ? 1 : -1 },
            i => parsed[i] = Read(app, found[i].FullName, found[i].Folder, found[i].Files, placeholders, diagnostics));

        var elements = new Dictionary<string, RawElement>(found.Count, StringComparer.Ordinal);
        foreach (var element in parsed.OfType<RawElement>().OrderBy(e => e.Folder, StringComparer.Ordinal))
        {
            if (elements.TryGetValue(element.FullName, out var first))
            {
                diagnostics.Add(DiagnosticCodes.DuplicateElement, element.EJsonPath,
                    $"element '{element.FullName}' is declared twice in app '{app.AppId}' (also in {diagnostics.Relative(first.EJsonPath)})");
                continue;
            }

            elements.Add(element.FullName, element);
        }

        return elements;
    }

    private static void Walk(string folder, string prefix, List<(string, string, List<string>)> found)
    {
        var children = new List<(string Folder, string Prefix)>();
        Visit(folder, prefix, isRoot: false, found, children);
        foreach (var (childFolder, childPrefix) in children)
        {
            Walk(childFolder, childPrefix, found);
        }
    }

    /// <summary>Records the folder if it is an element and lists the subfolders still to visit.</summary>
    private static void Visit(string folder, string prefix, bool isRoot, List<(string, string, List<string>)> found,
        List<(string Folder, string Prefix)> children)
    {
        List<string>? files = null;
        List<string>? subfolders = null;
        var hasElement = false;

        // FileSystemEnumerable hands out names without allocating a FileSystemInfo per entry.
        IEnumerator<(string Name, bool IsDirectory)> enumerator;
        try
        {
            enumerator = new FileSystemEnumerable<(string Name, bool IsDirectory)>(folder,
                static (ref FileSystemEntry entry) => (entry.FileName.ToString(), entry.IsDirectory), EnumerationOptions).GetEnumerator();
        }
        catch (DirectoryNotFoundException)
        {
            // Deleted while a hot reload was walking: it is simply gone from this scan.
            return;
        }

        using var disposeEnumerator = enumerator;
        while (enumerator.MoveNext())
        {
            var (name, isDirectory) = enumerator.Current;
            if (isDirectory)
            {
                if (!name.StartsWith('.') && !SkippedFolders.Contains(name))
                {
                    (subfolders ??= []).Add(name);
                }
            }
            else
            {
                (files ??= []).Add(name);
                hasElement |= name == "e.json";
            }
        }

        // A folder with its own app.json below the app root is another app (e.g. a library kept inside the
        // repository); its elements belong to it, not to this app.
        if (!isRoot && files?.Contains("app.json") == true)
        {
            return;
        }

        if (hasElement && prefix.Length > 0)
        {
            found.Add((prefix, folder, files!));
        }

        if (subfolders is null)
        {
            return;
        }

        // Sorted so the scan order (and with it every tie-break) is the same on every file system.
        subfolders.Sort(StringComparer.Ordinal);
        foreach (var name in subfolders)
        {
            children.Add((Path.Combine(folder, name), TransparentFolders.Contains(name) ? prefix : prefix.Length == 0 ? name : prefix + "." + name));
        }
    }

    private static RawElement? Read(AppManifest app, string fullName, string folder, List<string> files,
        PlaceholderResolver placeholders, DiagnosticBag diagnostics)
    {
        var eJsonPath = Path.Combine(folder, "e.json");
        if (TryReadAllBytes(eJsonPath, diagnostics) is not { } bytes)
        {
            return null;
        }

        if (JsonFile.Parse(eJsonPath, bytes, diagnostics) is not { } root)
        {
            return null;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            diagnostics.Add(DiagnosticCodes.InvalidProperty, eJsonPath, "e.json must hold a JSON object");
            return null;
        }

        var broken = false;
        string? RequiredString(string key)
        {
            if (!root.TryGetProperty(key, out var value))
            {
                diagnostics.Add(DiagnosticCodes.MissingProperty, eJsonPath, $"element '{fullName}' lacks the required property '{key}'");
                broken = true;
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                diagnostics.AddAt(DiagnosticCodes.InvalidProperty, eJsonPath, [key], $"property '{key}' of '{fullName}' must be a string");
                broken = true;
                return null;
            }

            return value.GetString();
        }

        string? OptionalString(string key) =>
            root.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        var title = RequiredString("title");
        var type = RequiredString("type");

        var access = AccessModifier.Public;
        if (OptionalString("accessModifier") is { } accessText)
        {
            if (!Enum.TryParse(accessText, ignoreCase: true, out access) || !Enum.IsDefined(access) || int.TryParse(accessText, out _))
            {
                diagnostics.AddAt(DiagnosticCodes.InvalidProperty, eJsonPath, ["accessModifier"],
                    $"accessModifier of '{fullName}' must be 'public', 'protected' or 'private', not '{accessText}'");
                access = AccessModifier.Public;
            }
        }

        var isInternal = false;
        if (root.TryGetProperty("internal", out var internalValue))
        {
            if (internalValue.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                isInternal = internalValue.GetBoolean();
            }
            else
            {
                diagnostics.AddAt(DiagnosticCodes.InvalidProperty, eJsonPath, ["internal"], $"internal of '{fullName}' must be true or false");
            }
        }

        IReadOnlyList<FunctionDefinition>? functions = null;
        if (root.TryGetProperty("functionList", out var functionList))
        {
            functions = ReadFunctions(fullName, eJsonPath, functionList, diagnostics);
        }

        var rewrite = Rewriter(placeholders, bytes, (path, variable) => diagnostics.AddAt(DiagnosticCodes.MissingVariable, eJsonPath, path,
            $"element '{fullName}': variable '{variable}' used in e.json is not defined in envVars or the environment"));
        var ownConfig = new JsonObject();
        var jsonPath = new List<object>();
        foreach (var property in root.EnumerateObject())
        {
            if (!ReservedKeys.Contains(property.Name))
            {
                jsonPath.Add(property.Name);
                ownConfig[property.Name] = JsonNodeBuilder.Build(property.Value, rewrite, jsonPath);
                jsonPath.RemoveAt(0);
            }
        }

        var (businessPath, business) = ReadBusinessConfig(fullName, folder, files, OptionalString("frontBundleEntry"), placeholders, diagnostics);

        return new RawElement
        {
            FullName = fullName,
            App = app,
            Folder = folder,
            Title = title ?? "",
            Type = type ?? "",
            Description = OptionalString("description"),
            Tag = OptionalString("tag"),
            Icon = OptionalString("icon"),
            AccessModifier = access,
            IsInternal = isInternal,
            Functions = functions,
            OwnConfig = ownConfig,
            BusinessConfigPath = businessPath,
            BusinessConfig = business,
            Broken = broken,
        };
    }

    private static (string? Path, JsonObject? Config) ReadBusinessConfig(string fullName, string folder, List<string> files,
        string? frontBundleEntry, PlaceholderResolver placeholders, DiagnosticBag diagnostics)
    {
        string? path = null;
        if (frontBundleEntry is not null && frontBundleEntry.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            if (frontBundleEntry.Contains('\0', StringComparison.Ordinal))
            {
                // No file system takes it (Path.GetFullPath would throw); the editor shows it as \u0000.
                diagnostics.AddAt(DiagnosticCodes.InvalidProperty, Path.Combine(folder, "e.json"), ["frontBundleEntry"],
                    $"frontBundleEntry of '{fullName}' is not a valid file path: it contains a NUL character");
                return (null, null);
            }

            path = Path.GetFullPath(Path.Combine(folder, frontBundleEntry));
            if (!File.Exists(path))
            {
                diagnostics.AddAt(DiagnosticCodes.MissingConfigFile, Path.Combine(folder, "e.json"), ["frontBundleEntry"],
                    $"element '{fullName}': frontBundleEntry names '{frontBundleEntry}', which does not exist");
                return (null, null);
            }
        }
        else
        {
            var elementName = Path.GetFileName(folder);
            var byName = elementName + ".json";
            if (byName != "e.json" && files.Contains(byName))
            {
                path = Path.Combine(folder, byName);
            }
            else if (files.Contains("config.json"))
            {
                path = Path.Combine(folder, "config.json");
            }
        }

        if (path is null)
        {
            return (null, null);
        }

        if (TryReadAllBytes(path, diagnostics) is not { } bytes)
        {
            return (path, null);
        }

        if (JsonFile.Parse(path, bytes, diagnostics) is not { } root)
        {
            return (path, null);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            diagnostics.Add(DiagnosticCodes.InvalidProperty, path, $"the business config of '{fullName}' must hold a JSON object");
            return (path, null);
        }

        var fileName = Path.GetFileName(path);
        var rewrite = Rewriter(placeholders, bytes, (jsonPath, variable) => diagnostics.AddAt(DiagnosticCodes.MissingVariable, path, jsonPath,
            $"element '{fullName}': variable '{variable}' used in {fileName} is not defined in envVars or the environment"));
        var business = (JsonObject)JsonNodeBuilder.Build(root, rewrite, [])!;
        business.Remove(SchemaKey);
        return (path, business);
    }

    private static List<FunctionDefinition> ReadFunctions(string fullName, string file, JsonElement list, DiagnosticBag diagnostics)
    {
        var functions = new List<FunctionDefinition>();
        if (list.ValueKind != JsonValueKind.Array)
        {
            diagnostics.AddAt(DiagnosticCodes.InvalidProperty, file, ["functionList"], $"functionList of '{fullName}' must be an array");
            return functions;
        }

        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("name", out var name)
                || name.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(name.GetString()))
            {
                diagnostics.AddAt(DiagnosticCodes.InvalidProperty, file, ["functionList", index],
                    $"functionList[{index}] of '{fullName}' needs a string 'name'");
                index++;
                continue;
            }

            var args = new List<FunctionArgument>();
            if (item.TryGetProperty("args", out var argList) && argList.ValueKind == JsonValueKind.Array)
            {
                foreach (var arg in argList.EnumerateArray())
                {
                    if (arg.ValueKind == JsonValueKind.Object && Text(arg, "name") is { } argName)
                    {
                        args.Add(new FunctionArgument(argName, Text(arg, "title"), Text(arg, "dataType"), Flag(arg, "required", false),
                            Options(arg)));
                    }
                }
            }

            var errors = item.TryGetProperty("errors", out var errorList) && errorList.ValueKind == JsonValueKind.Array
                ? errorList.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
                : null;
            functions.Add(new FunctionDefinition(name.GetString()!, Text(item, "title"), args, Text(item, "returnType"),
                Flag(item, "loginRequired", true), errors));
            index++;
        }

        return functions;
    }

    /// <summary>A 1/0 flag as JitAi files write them (true/false accepted too).</summary>
    private static bool Flag(JsonElement item, string name, bool absent) =>
        !item.TryGetProperty(name, out var flag) ? absent : flag.ValueKind switch
        {
            JsonValueKind.False => false,
            JsonValueKind.True => true,
            JsonValueKind.Number => flag.GetDouble() != 0,
            _ => absent,
        };

    /// <summary>An argument's <c>options</c>: plain values or JitAi's <c>{label, value}</c> choices.</summary>
    private static List<string>? Options(JsonElement arg) =>
        arg.TryGetProperty("options", out var options) && options.ValueKind == JsonValueKind.Array
            ? [.. options.EnumerateArray().Select(o => o.ValueKind == JsonValueKind.Object ? Text(o, "value") : o.ValueKind == JsonValueKind.String ? o.GetString() : o.GetRawText())
                .OfType<string>()]
            : null;

    private static byte[]? TryReadAllBytes(string path, DiagnosticBag diagnostics)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Typically a file replaced mid-scan during hot reload; the next change event rebuilds again.
            diagnostics.Add(DiagnosticCodes.MalformedJson, path, $"cannot read the file: {ex.Message}");
            return null;
        }
    }

    private static JsonNodeBuilder.StringRewriter? Rewriter(PlaceholderResolver placeholders, byte[] bytes,
        Action<IReadOnlyList<object>, string> missing) =>
        PlaceholderResolver.MayContainPlaceholder(bytes) ? (text, path) => placeholders.Substitute(text, path, missing) : null;

    private static string? Text(JsonElement obj, string key) =>
        obj.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
