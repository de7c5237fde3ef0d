using System.Collections;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Elements.Definitions;
using Scriban;
using Scriban.Runtime;

namespace Elements.Cli.Scaffolding;

/// <summary>One file a scaffold renders: its path relative to the app root and its content.</summary>
internal sealed record ScaffoldFile(string RelativePath, string Content);

/// <summary>
/// Renders the <c>scaffold/*.sbn</c> templates a Type ships (the nearest up its type chain that has any) into an
/// instance folder. Templates see <c>name</c> (last segment of the full name), <c>fullName</c>, <c>type</c>,
/// <c>title</c> (from <c>--set title=...</c>, else null), <c>settings</c> (the config class defaults overlaid with the
/// <c>--set</c> values, nested as in the config: <c>settings.authConfig.appId</c>), <c>schema.element</c> and
/// <c>schema.config</c> (relative paths for <c>$schema</c>), <c>namespace</c> (for a C# class: <c>App.Test.Cli.Services</c>),
/// <c>typeHasClass</c> (false for a Type without a class, whose element must bring its own), and the function <c>json</c>
/// (a JSON literal of a value). File names are templates too (<c>{{name}}.json.sbn</c> → <c>MyWechatLogin.json</c>); one
/// that renders to nothing is not written.
/// </summary>
internal static partial class Scaffolder
{
    public const string ScaffoldFolder = "scaffold";

    private static readonly System.Text.Json.JsonSerializerOptions Compact = new(CliOutput.Json) { WriteIndented = false };
    public const string SchemaFolder = ".elements/schemas";

    [GeneratedRegex(@"^\{\{\s*[A-Za-z_][A-Za-z0-9_.\-]*\s*\}\}$")]
    public static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"(?<=[a-z0-9])(?=[A-Z])")]
    private static partial Regex WordBoundary();

    /// <summary>The scaffold folder of the Type or, failing that, of the nearest Type up its chain; null if none.</summary>
    public static (ElementDefinition Owner, string Folder)? FindScaffold(ElementApp app, ElementDefinition type)
    {
        foreach (var name in new[] { type.FullName }.Concat(type.TypeChain))
        {
            var definition = app.GetElementDefine(name);
            var folder = Path.Combine(definition.Path, ScaffoldFolder);
            if (Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*.sbn", SearchOption.AllDirectories).Any())
            {
                return (definition, folder);
            }
        }

        return null;
    }

    /// <summary>The <c>{{VAR}}</c> a secret setting defaults to: <c>{{MYWECHATLOGIN_APP_SECRET}}</c>.</summary>
    public static string PlaceholderVariable(string elementName, string settingName) =>
        elementName.ToUpperInvariant() + "_" + WordBoundary().Replace(settingName, "_").ToUpperInvariant();

    public static IReadOnlyList<ScaffoldFile> Render(string scaffoldFolder, string instanceFolderRelative, string fullName, string type,
        string? title, JsonObject settings, string appId = "app", bool typeHasClass = true)
    {
        var name = fullName[(fullName.LastIndexOf('.') + 1)..];
        var parent = fullName.LastIndexOf('.') is var dot and > 0 ? "." + TypeSkeleton.Pascal(fullName[..dot]) : "";
        var depth = instanceFolderRelative.Split('/').Length;
        var toRoot = string.Concat(Enumerable.Repeat("../", depth));
        var model = new ScriptObject
        {
            ["name"] = name,
            ["fullName"] = fullName,
            ["type"] = type,
            ["title"] = title,
            ["namespace"] = TypeSkeleton.Namespace(appId) + parent,
            ["typeHasClass"] = typeHasClass,
            ["settings"] = ToScript(settings),
            ["schema"] = new ScriptObject
            {
                ["element"] = $"{toRoot}{SchemaFolder}/e.schema.json",
                ["config"] = $"{toRoot}{SchemaFolder}/{type}.schema.json",
            },
        };
        model.Import("json", new Func<object?, string>(value => ToJson(value)?.ToJsonString(Compact) ?? "null"));

        var files = new List<ScaffoldFile>();
        foreach (var path in Directory.EnumerateFiles(scaffoldFolder, "*.sbn", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(scaffoldFolder, path).Replace('\\', '/');
            var fileName = RenderText(relative[..^".sbn".Length], path + " (file name)", model);
            if (fileName.Length == 0 && relative.Contains("{{", StringComparison.Ordinal))
            {
                // A file name template that renders to nothing opts out: {{ if !typeHasClass }}{{name}}.cs{{ end }}.sbn.
                continue;
            }

            if (fileName.Length == 0 || fileName.Split('/').Any(s => s is "" or "." or ".."))
            {
                throw new ElementException(ElementErrorCodes.ScaffoldInvalid, $"{path}: the file name renders to '{fileName}', not a file name below the element folder");
            }

            files.Add(new ScaffoldFile($"{instanceFolderRelative}/{fileName}", RenderText(File.ReadAllText(path), path, model)));
        }

        return files;
    }

    /// <summary>
    /// The line telling how to write the schemas the new files' <c>$schema</c> keys point at, when some do not exist yet
    /// (a fresh app has no <c>.elements/schemas</c> until <c>elements schema --app DIR</c> runs); null when all exist.
    /// Without it an editor quietly loses completion and checks, and the user cannot tell why.
    /// </summary>
    public static string? MissingSchemasHint(string appRoot, string appArgument, IEnumerable<ScaffoldFile> files)
    {
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in files.Where(f => f.RelativePath.EndsWith(".json", StringComparison.OrdinalIgnoreCase)))
        {
            string? reference;
            try
            {
                reference = JsonNode.Parse(file.Content) is JsonObject obj && obj["$schema"] is JsonValue value
                    && value.TryGetValue<string>(out var text) ? text : null;
            }
            catch (System.Text.Json.JsonException)
            {
                // A scaffold's non-JSON .json file is the loader's business, not a schema question.
                continue;
            }

            if (reference is null || reference.Contains("://", StringComparison.Ordinal))
            {
                continue;
            }

            var target = Path.GetFullPath(Path.Combine(appRoot, Path.GetDirectoryName(file.RelativePath) ?? "", reference));
            if (!File.Exists(target))
            {
                missing.Add(Path.GetRelativePath(appRoot, target).Replace('\\', '/'));
            }
        }

        return missing.Count == 0 ? null
            : $"$schema points at {string.Join(", ", missing)}, not written yet: run `elements schema --app {appArgument}` to write the schemas";
    }

    private static string RenderText(string text, string sourcePath, ScriptObject model)
    {
        var template = Template.Parse(text, sourcePath);
        if (template.HasErrors)
        {
            throw new ElementException(ElementErrorCodes.ScaffoldInvalid, string.Join("; ", template.Messages.Select(m => m.ToString())));
        }

        var context = new TemplateContext { MemberRenamer = member => member.Name, StrictVariables = false };
        context.PushGlobal(model);
        try
        {
            return template.Render(context);
        }
        catch (Scriban.Syntax.ScriptRuntimeException ex)
        {
            throw new ElementException(ElementErrorCodes.ScaffoldInvalid, ex.Message, ex);
        }
    }

    private static object? ToScript(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.Aggregate(new ScriptObject(), (so, p) =>
        {
            so[p.Key] = ToScript(p.Value);
            return so;
        }),
        JsonArray array => new ScriptArray(array.Select(ToScript)),
        JsonValue value => value.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String => value.GetValue<string>(),
            System.Text.Json.JsonValueKind.True => true,
            System.Text.Json.JsonValueKind.False => false,
            System.Text.Json.JsonValueKind.Number => value.TryGetValue<long>(out var l) ? l : value.GetValue<decimal>(),
            _ => null,
        },
        _ => null,
    };

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        decimal d => JsonValue.Create(d),
        double d => JsonValue.Create(d),
        float f => JsonValue.Create(f),
        ScriptObject so => new JsonObject(so.Select(p => KeyValuePair.Create(p.Key, ToJson(p.Value)))),
        IDictionary dictionary => new JsonObject(dictionary.Keys.Cast<object>()
            .Select(k => KeyValuePair.Create(k.ToString()!, ToJson(dictionary[k])))),
        IEnumerable items => new JsonArray([.. items.Cast<object?>().Select(ToJson)]),
        _ => JsonValue.Create(value.ToString()),
    };
}
