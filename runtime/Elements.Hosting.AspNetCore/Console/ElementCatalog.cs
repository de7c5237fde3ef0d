using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Elements.Configuration;
using Elements.Definitions;
using Elements.Std.Roles;

namespace Elements.Hosting.AspNetCore.Console;

/// <summary>
/// The console's view of the registry: every visible element with its layer, type chain, defining app, the apps it
/// overrides, access and reachability; one element's declaration and config with every secret as <c>***</c> and its
/// placeholders by name (never their values); its functions with who may call them. Read from one registry snapshot
/// per request (<see cref="ElementApp.Elements"/>), so a hot reload in between does not mix generations.
/// </summary>
internal sealed partial class ElementCatalog(ElementApp app, ElementAuthorizer authorizer)
{
    private const string ModelsMeta = "models.Meta";

    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_.\-]*)\s*\}\}")]
    private static partial Regex Placeholder();

    /// <summary>The summaries, filtered by <paramref name="q"/> (in the full name or title), layer, type (anywhere in
    /// the type chain) and defining app.</summary>
    public JsonObject List(string? q, string? layer, string? type, string? appId)
    {
        var roots = app.AppRoots;
        var items = new JsonArray();
        foreach (var element in app.Elements)
        {
            if ((string.IsNullOrEmpty(q) || element.FullName.Contains(q, StringComparison.OrdinalIgnoreCase) || element.Title.Contains(q, StringComparison.OrdinalIgnoreCase))
                && (string.IsNullOrEmpty(layer) || string.Equals(LayerName(element.Layer), layer, StringComparison.OrdinalIgnoreCase))
                && (string.IsNullOrEmpty(type) || element.Type == type || element.TypeChain.Contains(type, StringComparer.Ordinal))
                && (string.IsNullOrEmpty(appId) || element.AppId == appId))
            {
                items.Add(Summary(element, roots));
            }
        }

        return new JsonObject { ["elements"] = items };
    }

    /// <summary>One element in full, or null when no visible element has that name.</summary>
    /// <param name="callable">Whether the console user's own roles allow a function (for <c>callableByMe</c>).</param>
    public JsonObject? Detail(string fullName, Func<ElementDefinition, FunctionDefinition, bool> callable)
    {
        if (!app.TryGetElementDefine(fullName, out var element))
        {
            return null;
        }

        var detail = Summary(element, app.AppRoots);
        detail["description"] = element.Description;
        var (declaration, placeholders) = ReadDeclaration(element);
        detail["eJson"] = declaration;
        detail["config"] = element.GetRedactedConfig();
        detail["placeholders"] = new JsonArray([.. placeholders.Select(p => (JsonNode)JsonValue.Create(p))]);
        detail["functions"] = Functions(element, callable);
        if (IsModel(element))
        {
            detail["fields"] = Fields(element);
        }

        return detail;
    }

    private JsonObject Summary(ElementDefinition element, IReadOnlyDictionary<string, string> roots) => new()
    {
        ["fullName"] = element.FullName,
        ["title"] = element.Title,
        ["layer"] = LayerName(element.Layer),
        ["type"] = element.Type,
        ["typeChain"] = new JsonArray([.. element.TypeChain.Select(t => (JsonNode)JsonValue.Create(t))]),
        ["app"] = element.AppId,
        ["overrides"] = new JsonArray([.. Overridden(element, roots).Select(a => (JsonNode)JsonValue.Create(a))]),
        ["access"] = element.AccessModifier.ToString().ToLowerInvariant(),
        ["internal"] = element.IsInternal,
        ["reachable"] = authorizer.IsReachable(element),
        ["children"] = new JsonArray([.. element.Children.Select(c => (JsonNode)JsonValue.Create(c))]),
        ["isModel"] = IsModel(element),
        ["inheritedFrom"] = element.InheritedFrom,
    };

    /// <summary>The apps further down the <c>extends</c> chain that declare the same element, whose declaration the
    /// defining app's overrides.</summary>
    private IEnumerable<string> Overridden(ElementDefinition element, IReadOnlyDictionary<string, string> roots)
    {
        if (element.InheritedFrom is not null || !roots.TryGetValue(element.AppId, out var definingRoot))
        {
            yield break;
        }

        var relative = Path.GetRelativePath(definingRoot, element.Path);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            yield break;
        }

        var below = false;
        foreach (var appId in app.AppIds)
        {
            if (appId == element.AppId)
            {
                below = true;
            }
            else if (below && roots.TryGetValue(appId, out var root) && File.Exists(Path.Combine(root, relative, "e.json")))
            {
                yield return appId;
            }
        }
    }

    private JsonArray Functions(ElementDefinition element, Func<ElementDefinition, FunctionDefinition, bool> callable)
    {
        var reachable = authorizer.IsReachable(element);
        var members = authorizer.GetRoles().Where(r => r.Scope == RoleScope.Members).OrderBy(r => r.FullName, StringComparer.Ordinal).ToList();
        var anonymousRoles = authorizer.RolesFor(authenticated: false, []);
        var authenticatedRoles = authorizer.RolesFor(authenticated: true, []);
        var (org, appName) = SplitAppId(app.AppId);
        var functions = new JsonArray();
        foreach (var function in element.Functions)
        {
            var roles = reachable
                ? members.Where(r => authorizer.Decide([.. authenticatedRoles, r], true, element, function).Allowed).Select(r => (JsonNode)JsonValue.Create(r.FullName))
                : [];
            functions.Add(new JsonObject
            {
                ["name"] = function.Name,
                ["title"] = function.Title,
                ["args"] = new JsonArray([.. function.Args.Select(a => (JsonNode)new JsonObject
                {
                    ["name"] = a.Name,
                    ["title"] = a.Title,
                    ["dataType"] = a.DataType,
                    ["required"] = a.Required,
                    ["options"] = a.Options is null ? null : new JsonArray([.. a.Options.Select(o => (JsonNode)JsonValue.Create(o))]),
                })]),
                ["returnType"] = function.ReturnType,
                ["loginRequired"] = function.LoginRequired,
                ["errors"] = new JsonArray([.. (function.Errors ?? []).Select(e => (JsonNode)JsonValue.Create(e))]),
                ["anonymous"] = reachable && authorizer.Decide(anonymousRoles, false, element, function).Allowed,
                ["authenticated"] = reachable && authorizer.Decide(authenticatedRoles, true, element, function).Allowed,
                ["roles"] = new JsonArray([.. roles]),
                ["callableByMe"] = reachable && callable(element, function),
                ["path"] = reachable ? $"/api/{org}/{appName}/{element.FullName.Replace('.', '/')}/{function.Name}" : null,
            });
        }

        return functions;
    }

    private static JsonArray Fields(ElementDefinition element)
    {
        var fields = new JsonArray();
        if (element.Config["fields"] is not JsonArray declared)
        {
            return fields;
        }

        foreach (var field in declared.OfType<JsonObject>())
        {
            fields.Add(new JsonObject
            {
                ["name"] = field["name"]?.DeepClone(),
                ["title"] = field["title"]?.DeepClone(),
                ["dataType"] = field["dataType"]?.DeepClone(),
                ["primaryKey"] = Flag(field["primaryKey"]),
                ["required"] = Flag(field["required"]),
                ["relation"] = field["generic"]?.DeepClone(),
            });
        }

        return fields;
    }

    /// <summary>e.json as written, with secrets masked as in the config, and the placeholders named in the element's
    /// own files (e.json and its business config).</summary>
    private static (JsonObject? Declaration, IReadOnlyList<string> Placeholders) ReadDeclaration(ElementDefinition element)
    {
        var placeholders = new SortedSet<string>(StringComparer.Ordinal);
        JsonObject? declaration = null;
        if (element.InheritedFrom is not null || !Directory.Exists(element.Path))
        {
            return (null, []);
        }

        foreach (var file in Directory.EnumerateFiles(element.Path, "*.json"))
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (IOException)
            {
                continue;
            }

            foreach (Match match in Placeholder().Matches(text))
            {
                placeholders.Add(match.Groups[1].Value);
            }

            if (Path.GetFileName(file) == "e.json")
            {
                try
                {
                    declaration = JsonNode.Parse(text) is JsonObject written ? SecretRedactor.Redact(written, element.ConfigType) : null;
                }
                catch (JsonException)
                {
                    // Changed on disk since the registry loaded it: the next reload reports it; show nothing half-read.
                    declaration = null;
                }
            }
        }

        return (declaration, [.. placeholders]);
    }

    private static bool Flag(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<int>(out var i) => i != 0,
        _ => false,
    };

    private static bool IsModel(ElementDefinition element) => element.TypeChain.Contains(ModelsMeta, StringComparer.Ordinal);

    private static string LayerName(ElementLayer layer) => layer.ToString().ToLowerInvariant();

    private static (string Org, string Name) SplitAppId(string appId) =>
        appId.IndexOf('.') is var dot and > 0 ? (appId[..dot], appId[(dot + 1)..]) : (appId, "");
}
