using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Elements.Activation;
using Elements.Configuration;
using Elements.Definitions;
using Elements.Diagnostics;
using Elements.Hosting;
using Elements.Invocation;

namespace Elements.Loading;

/// <summary>
/// Builds a registry: find the app hierarchy, scan every app, merge the views child first, resolve each element's
/// layer, type chain, implementation and effective config, check functions and config, and add the children each
/// Instance inherits from its type chain. All problems are collected; the build fails once with all of them.
/// With an <see cref="IElementCodeCompiler"/>, the C# of each app root is compiled first; its leases go to the new
/// registry (released when that generation retires) or, when the build fails, are released at once.
/// </summary>
internal sealed class RegistryBuilder
{
    // Bounds inherited-children recursion (a Type whose child is an Instance of the same Type would never end).
    private const int MaxInheritanceDepth = 4;

    private readonly LoadRequest _request;
    private readonly DiagnosticBag _diagnostics;
    private readonly Dictionary<string, Node> _view = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, Node>> _privateScopes = new(StringComparer.Ordinal);
    private readonly List<Node> _stack = [];
    private readonly List<ElementCode> _code = [];
    private ElementTypeCatalog _catalog = null!;
    private PlaceholderResolver _placeholders = null!;

    private RegistryBuilder(LoadRequest request)
    {
        _request = request;
        _diagnostics = new DiagnosticBag(Path.GetFullPath(request.AppPath));
    }

    public static (ElementRegistry? Registry, IReadOnlyList<ElementDiagnostic> Diagnostics) Build(LoadRequest request)
    {
        var builder = new RegistryBuilder(request);
        ElementRegistry? registry = null;
        try
        {
            registry = builder.Run();
        }
        finally
        {
            if (registry is null || builder._diagnostics.HasErrors)
            {
                // Nothing will ever run this code: let the compiler unload it.
                foreach (var code in builder._code)
                {
                    code.Dispose();
                }
            }
        }

        return builder._diagnostics.HasErrors ? (null, builder._diagnostics.ToList()) : (registry, []);
    }

    private ElementRegistry? Run()
    {
        var appPath = Path.GetFullPath(_request.AppPath);
        if (!Directory.Exists(appPath))
        {
            _diagnostics.Add(DiagnosticCodes.InvalidApp, Path.Combine(appPath, "app.json"), $"app folder '{appPath}' does not exist");
            return null;
        }

        var hierarchy = AppLocator.Resolve(appPath, _request.LibraryRoots, _diagnostics);
        if (hierarchy.Count == 0)
        {
            return null;
        }

        var root = hierarchy[0];
        if (!CompileCode(hierarchy, out var compiled))
        {
            return null;
        }

        _catalog = ElementTypeCatalog.Create([.. _request.Assemblies, .. compiled]);

        // Child apps pin variables for their parents, so the first app in lookup order that defines one wins.
        var envVars = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var app in hierarchy)
        {
            foreach (var (key, value) in app.EnvVars)
            {
                envVars.TryAdd(key, value);
            }
        }

        _placeholders = new PlaceholderResolver(envVars, _request.Environment);
        var scanned = new List<(AppManifest App, Dictionary<string, RawElement> Elements)>(hierarchy.Count);
        foreach (var app in hierarchy)
        {
            Report(LoadStage.Scanning, scanned.Count, hierarchy.Count, app.AppId);
            scanned.Add((app, ElementScanner.Scan(app, _placeholders, _diagnostics)));
        }

        Report(LoadStage.Scanning, scanned.Count, hierarchy.Count, root.AppId);
        MergeViews(scanned, hierarchy);
        ReportDuplicateImplementations();

        var nodes = AllNodes().ToList();
        for (var i = 0; i < nodes.Count; i++)
        {
            ReportEvery(LoadStage.Resolving, i, nodes.Count);
            Resolve(nodes[i]);
        }

        Report(LoadStage.Resolving, nodes.Count, nodes.Count);
        for (var i = 0; i < nodes.Count; i++)
        {
            ReportEvery(LoadStage.Binding, i, nodes.Count);
            if (!nodes[i].Failed)
            {
                CheckFunctions(nodes[i]);
                BindConfig(nodes[i]);
            }
        }

        Report(LoadStage.Binding, nodes.Count, nodes.Count);

        if (_diagnostics.HasErrors)
        {
            return null;
        }

        var settings = new JsonObject();
        foreach (var app in hierarchy.Reverse())
        {
            ConfigMerger.MergeInto(settings, app.Settings);
        }

        return new ElementRegistry(root, hierarchy, BuildEntries(), settings, _code);
    }

    /// <summary>Compiles the code of every app root; false (with the errors reported) when any of it does not compile.
    /// Later problems would mostly be echoes of the missing classes, so the build stops there.</summary>
    private bool CompileCode(IReadOnlyList<AppManifest> hierarchy, out List<System.Reflection.Assembly> assemblies)
    {
        assemblies = [];
        if (_request.CodeCompiler is not { } compiler)
        {
            return true;
        }

        for (var i = 0; i < hierarchy.Count; i++)
        {
            Report(LoadStage.Compiling, i, hierarchy.Count, hierarchy[i].AppId);
            if (compiler.Compile(hierarchy[i].RootPath, _request.Assemblies) is not { } code)
            {
                continue;
            }

            _code.Add(code);
            foreach (var error in code.Errors)
            {
                _diagnostics.Add(DiagnosticCodes.CompileError, error.File, error.Line, error.Column, $"{error.Id}: {error.Message}");
            }

            if (code.Assembly is { } assembly)
            {
                assemblies.Add(assembly);
            }
        }

        Report(LoadStage.Compiling, hierarchy.Count, hierarchy.Count, hierarchy[0].AppId);
        return !_diagnostics.HasErrors;
    }

    private void Report(LoadStage stage, int completed, int total, string? appId = null) =>
        _request.Progress?.Report(new LoadProgress(stage, completed, total, appId));

    // About a hundred reports per stage however many elements there are: enough for a progress bar, cheap for the load.
    private void ReportEvery(LoadStage stage, int completed, int total)
    {
        if (_request.Progress is not null && completed % Math.Max(1, total / 100) == 0)
        {
            Report(stage, completed, total);
        }
    }

    private IEnumerable<Node> AllNodes() => _view.Values.Concat(_privateScopes.Values.SelectMany(s => s.Values));

    private void MergeViews(List<(AppManifest App, Dictionary<string, RawElement> Elements)> scanned, IReadOnlyList<AppManifest> hierarchy)
    {
        var ancestors = hierarchy.ToDictionary(a => a.AppId, a => Ancestors(a, hierarchy), StringComparer.Ordinal);
        var root = hierarchy[0];
        foreach (var (app, elements) in scanned)
        {
            foreach (var raw in elements.Values.OrderBy(e => e.FullName, StringComparer.Ordinal))
            {
                var node = new Node(raw, _catalog.Types.GetValueOrDefault(raw.FullName));
                if (app != root && raw.AccessModifier == AccessModifier.Private)
                {
                    // Private elements stay usable by their own app's elements but are invisible to child apps.
                    if (!_privateScopes.TryGetValue(app.AppId, out var scope))
                    {
                        _privateScopes[app.AppId] = scope = new Dictionary<string, Node>(StringComparer.Ordinal);
                    }

                    scope[raw.FullName] = node;
                    continue;
                }

                if (_view.TryGetValue(raw.FullName, out var winner))
                {
                    if (raw.AccessModifier == AccessModifier.Protected && ancestors[winner.Raw.App.AppId].Contains(app.AppId))
                    {
                        _diagnostics.Add(DiagnosticCodes.ProtectedOverride, winner.Raw.EJsonPath,
                            $"element '{raw.FullName}' overrides the protected element of app '{app.AppId}'; protected elements can be inherited but not overridden");
                    }

                    continue;
                }

                _view.Add(raw.FullName, node);
            }
        }
    }

    private static HashSet<string> Ancestors(AppManifest app, IReadOnlyList<AppManifest> hierarchy)
    {
        var byId = hierarchy.ToDictionary(a => a.AppId, StringComparer.Ordinal);
        var result = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(app.Extends);
        while (pending.TryPop(out var id))
        {
            if (result.Add(id) && byId.TryGetValue(id, out var parent))
            {
                foreach (var grandParent in parent.Extends)
                {
                    pending.Push(grandParent);
                }
            }
        }

        // Every app implicitly extends the built-in library.
        if (app.AppId != AppLocator.StdAppId)
        {
            result.Add(AppLocator.StdAppId);
        }

        return result;
    }

    private void ReportDuplicateImplementations()
    {
        foreach (var (fullName, first, second) in _catalog.Duplicates)
        {
            var file = _view.TryGetValue(fullName, out var node) ? node.Raw.EJsonPath : Path.Combine(_request.AppPath, "app.json");
            _diagnostics.Add(DiagnosticCodes.DuplicateImplementation, file,
                $"element '{fullName}' is implemented by both {first.FullName} and {second.FullName}");
        }
    }

    private Node? Lookup(string name, AppManifest from) =>
        _privateScopes.TryGetValue(from.AppId, out var scope) && scope.TryGetValue(name, out var own) ? own : _view.GetValueOrDefault(name);

    private void Resolve(Node node)
    {
        if (node.State == NodeState.Done)
        {
            return;
        }

        node.State = NodeState.Visiting;
        _stack.Add(node);
        try
        {
            ResolveCore(node);
        }
        finally
        {
            _stack.RemoveAt(_stack.Count - 1);
            node.State = NodeState.Done;
        }
    }

    private void ResolveCore(Node node)
    {
        var raw = node.Raw;
        if (raw.Broken)
        {
            node.Failed = true;
            return;
        }

        if (raw.Type.Length == 0)
        {
            node.Layer = ElementLayer.Meta;
            if (node.OwnImplementation is { } metaClass)
            {
                _diagnostics.AddAt(DiagnosticCodes.LayerViolation, raw.EJsonPath, ["type"],
                    $"'{raw.FullName}' is a Meta and cannot be implemented by {metaClass.Type.FullName}; implement a Type of it instead");
                node.Failed = true;
                return;
            }

            node.Config = MergeConfig(null, raw);
            node.Functions = raw.Functions ?? [];
            return;
        }

        var target = Lookup(raw.Type, raw.App);
        if (target is null)
        {
            _diagnostics.AddAt(DiagnosticCodes.UnknownType, raw.EJsonPath, ["type"],
                $"unknown type '{raw.Type}' of element '{raw.FullName}'" + NameSuggester.Hint(raw.Type, _view.Keys));
            node.Failed = true;
            return;
        }

        if (target.State == NodeState.Visiting)
        {
            var start = _stack.IndexOf(target);
            var cycle = _stack.Skip(start).Select(n => n.Raw.FullName).Append(target.Raw.FullName);
            _diagnostics.AddAt(DiagnosticCodes.TypeCycle, raw.EJsonPath, ["type"], $"type cycle: {string.Join(" -> ", cycle)}");
            node.Failed = true;
            return;
        }

        Resolve(target);
        if (target.Failed)
        {
            // The type's own problem is already reported; repeating it for every user would bury it.
            node.Failed = true;
            return;
        }

        switch (target.Layer)
        {
            case ElementLayer.Meta:
                node.Layer = ElementLayer.Type;
                break;
            case ElementLayer.Type:
                // Bringing a class of its own turns what would be an Instance into a derived Type.
                node.Layer = node.OwnImplementation is null ? ElementLayer.Instance : ElementLayer.Type;
                break;
            default:
                _diagnostics.AddAt(DiagnosticCodes.LayerViolation, raw.EJsonPath, ["type"],
                    $"'{raw.FullName}' has type '{target.Raw.FullName}', which is an Instance; a type must be a Meta or a Type");
                node.Failed = true;
                return;
        }

        node.Type = target;
        node.Chain = [target.Raw.FullName, .. target.Chain];
        node.Implementation = node.OwnImplementation ?? target.Implementation;
        node.Config = MergeConfig(target.Config, raw);
        node.Functions = raw.Functions ?? target.Functions;
    }

    /// <summary>Type chain defaults &lt; e.json keys &lt; business config file &lt; host overrides.</summary>
    private JsonObject MergeConfig(JsonObject? defaults, RawElement raw)
    {
        var overrides = _request.Overrides.GetValueOrDefault(raw.FullName);
        if ((defaults is null || defaults.Count == 0) && raw.BusinessConfig is null && overrides is null)
        {
            // The common case: nothing to merge, so the scanned object is used as is.
            return raw.OwnConfig;
        }

        // The element's own layers were read for this merge alone, so their nodes are moved rather than copied.
        var config = defaults is null ? new JsonObject() : (JsonObject)defaults.DeepClone();
        ConfigMerger.MoveInto(config, raw.OwnConfig);
        if (raw.BusinessConfig is not null)
        {
            ConfigMerger.MoveInto(config, raw.BusinessConfig);
        }

        if (overrides is not null)
        {
            ConfigMerger.MergeInto(config, overrides);
        }

        return config;
    }

    private void CheckFunctions(Node node)
    {
        // Only where the class or the contract is declared: an Instance inheriting both was checked at its Type.
        if (node.Implementation is not { } implementation || (node.OwnImplementation is null && node.Raw.Functions is null))
        {
            return;
        }

        for (var i = 0; i < node.Functions.Count; i++)
        {
            var function = node.Functions[i];
            if (FunctionResolver.Find(implementation.Type, function.Name) is null)
            {
                var message = $"function '{function.Name}' of '{node.Raw.FullName}' has no implementation: "
                    + $"{implementation.Type.FullName} has no method {FunctionResolver.ExpectedNames(function.Name)}";
                if (node.Raw.Functions is not null)
                {
                    _diagnostics.AddAt(DiagnosticCodes.MissingFunction, node.Raw.EJsonPath, ["functionList", i], message);
                }
                else
                {
                    _diagnostics.Add(DiagnosticCodes.MissingFunction, node.Raw.EJsonPath, message);
                }
            }
        }
    }

    private void BindConfig(Node node)
    {
        // Types hold defaults that are usually incomplete on purpose; only an Instance must be a valid whole.
        if (node.Layer != ElementLayer.Instance || node.Implementation?.ConfigType is not { } configType)
        {
            return;
        }

        var errors = new List<(string? Path, string Message)>();
        node.BoundConfig = ConfigBinder.Bind(node.Config, configType, errors);
        foreach (var (jsonPath, message) in errors)
        {
            var path = JsonLocator.ParsePath(jsonPath);
            var text = _placeholders.Scrub(SecretRedactor.Scrub($"config of '{node.Raw.FullName}' is invalid: {message}", node.Config, configType));
            var file = node.Raw.BusinessConfigPath is { } business && (path.Count == 0 || ContainsPath(node.Raw.BusinessConfig, path))
                ? business
                : node.Raw.EJsonPath;
            _diagnostics.AddAt(DiagnosticCodes.InvalidConfig, file, path.Count == 0 ? [] : path, text, propertyName: true);
        }
    }

    private static bool ContainsPath(JsonNode? node, IReadOnlyList<object> path)
    {
        foreach (var segment in path)
        {
            node = segment switch
            {
                string key when node is JsonObject obj => obj.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase)).Value,
                int index when node is JsonArray array && index < array.Count => array[index],
                _ => null,
            };
            if (node is null)
            {
                return false;
            }
        }

        return true;
    }

    private FrozenDictionary<string, ElementEntry> BuildEntries()
    {
        var entries = new Dictionary<string, ElementEntry>(_view.Count, StringComparer.Ordinal);
        var childrenOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var node in _view.Values)
        {
            entries[node.Raw.FullName] = new ElementEntry(ToDefinition(node, node.Raw.FullName, null, null, []), null, node.BoundConfig);
        }

        AddInheritedChildren(entries);

        // Direct children: the nearest existing element up the dotted name is the parent (folders need not be elements).
        foreach (var name in entries.Keys)
        {
            for (var dot = name.LastIndexOf('.'); dot > 0; dot = name.LastIndexOf('.', dot - 1))
            {
                var parent = name[..dot];
                if (entries.ContainsKey(parent))
                {
                    if (!childrenOf.TryGetValue(parent, out var list))
                    {
                        childrenOf[parent] = list = [];
                    }

                    list.Add(name);
                    break;
                }
            }
        }

        foreach (var (name, children) in childrenOf)
        {
            children.Sort(StringComparer.Ordinal);
            entries[name].ReplaceDefinition(entries[name].Definition.WithChildren(children));
        }

        return entries.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private void AddInheritedChildren(Dictionary<string, ElementEntry> entries)
    {
        var descendants = _view.Keys.Order(StringComparer.Ordinal).ToList();
        IEnumerable<string> DescendantsOf(string name)
        {
            var prefix = name + ".";
            var index = descendants.BinarySearch(prefix, StringComparer.Ordinal);
            for (var i = index < 0 ? ~index : index; i < descendants.Count && descendants[i].StartsWith(prefix, StringComparison.Ordinal); i++)
            {
                yield return descendants[i];
            }
        }

        var pending = new Queue<(string Owner, IReadOnlyList<string> Chain, int Depth)>(_view.Values
            .Where(n => n.Layer == ElementLayer.Instance)
            .OrderBy(n => n.Raw.FullName, StringComparer.Ordinal)
            .Select(n => (n.Raw.FullName, (IReadOnlyList<string>)n.Chain, 0)));
        while (pending.TryDequeue(out var item))
        {
            var owner = entries[item.Owner];
            foreach (var typeName in item.Chain)
            {
                foreach (var sourceName in DescendantsOf(typeName))
                {
                    var fullName = item.Owner + sourceName[typeName.Length..];
                    if (entries.ContainsKey(fullName) || !_view.TryGetValue(sourceName, out var source) || source.Failed)
                    {
                        // The instance's own child (or a nearer type's) wins over the inherited one.
                        continue;
                    }

                    var definition = ToDefinition(source, fullName, sourceName, item.Owner, []);
                    entries[fullName] = new ElementEntry(definition, owner, source.BoundConfig);
                    if (source.Layer == ElementLayer.Instance && item.Depth < MaxInheritanceDepth)
                    {
                        pending.Enqueue((fullName, source.Chain, item.Depth + 1));
                    }
                }
            }
        }
    }

    private static ElementDefinition ToDefinition(Node node, string fullName, string? inheritedFrom, string? owner, IReadOnlyList<string> children) => new()
    {
        FullName = fullName,
        Layer = node.Layer,
        Type = node.Raw.Type,
        TypeChain = node.Chain,
        Title = node.Raw.Title,
        Description = node.Raw.Description,
        Tag = node.Raw.Tag,
        Icon = node.Raw.Icon,
        AppId = node.Raw.App.AppId,
        Path = node.Raw.Folder,
        AccessModifier = node.Raw.AccessModifier,
        IsInternal = node.Raw.IsInternal,
        Functions = node.Functions,
        Config = node.Config,
        Children = children,
        InheritedFrom = inheritedFrom,
        OwnerFullName = owner,
        ImplementationType = node.Implementation?.Type,
        ConfigType = node.Implementation?.ConfigType,
    };

    private enum NodeState
    {
        New,
        Visiting,
        Done,
    }

    private sealed class Node(RawElement raw, ElementImplementation? ownImplementation)
    {
        public RawElement Raw { get; } = raw;

        public ElementImplementation? OwnImplementation { get; } = ownImplementation;

        public NodeState State { get; set; }

        public bool Failed { get; set; }

        public ElementLayer Layer { get; set; }

        public Node? Type { get; set; }

        public IReadOnlyList<string> Chain { get; set; } = [];

        public ElementImplementation? Implementation { get; set; }

        public JsonObject Config { get; set; } = [];

        public IReadOnlyList<FunctionDefinition> Functions { get; set; } = [];

        public object? BoundConfig { get; set; }
    }
}
