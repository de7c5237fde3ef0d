using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Elements.Activation;
using Elements.Configuration;
using Elements.Diagnostics;
using Elements.Hosting;
using Elements.Loading.Rules;

namespace Elements.Loading;

/// <summary>
/// Builds a registry: find the app hierarchy, compile and scan every app, then run the rules (<c>Loading/Rules</c>) in
/// order over one <see cref="RegistryBuildContext"/>: visibility, single implementation, layer and type chain (with
/// config layering), function implementations and config binding, and finally the inherited and direct children of
/// the entries. All problems are collected; the build fails once with all of them.
/// With an <see cref="IElementCodeCompiler"/>, the C# of each app root is compiled first; its leases go to the new
/// registry (released when that generation retires) or, when the build fails, are released at once.
/// </summary>
internal sealed class RegistryBuilder
{
    private readonly LoadRequest _request;
    private readonly DiagnosticBag _diagnostics;
    private readonly List<ElementCode> _code = [];

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
        if (hierarchy.Count == 0 || !CompileCode(hierarchy, out var compiled))
        {
            return null;
        }

        var context = new RegistryBuildContext(_request, _diagnostics,
            ElementTypeCatalog.Create([.. _request.Assemblies, .. compiled]), new PlaceholderResolver(EnvVars(hierarchy), _request.Environment));
        var scanned = new List<(AppManifest App, Dictionary<string, RawElement> Elements)>(hierarchy.Count);
        foreach (var app in hierarchy)
        {
            Report(LoadStage.Scanning, scanned.Count, hierarchy.Count, app.AppId);
            scanned.Add((app, ElementScanner.Scan(app, context.Placeholders, _diagnostics)));
        }

        Report(LoadStage.Scanning, scanned.Count, hierarchy.Count, hierarchy[0].AppId);
        new VisibilityRule(context).Apply(scanned, hierarchy);
        new SingleImplementationRule(context).Apply();

        var nodes = context.AllNodes().ToList();
        var typeChain = new TypeChainRule(context, new ConfigLayeringRule(_request.Overrides));
        ForEachNode(LoadStage.Resolving, nodes, typeChain.Apply);

        var functions = new FunctionImplementationRule(_diagnostics);
        var binding = new ConfigBindingRule(_diagnostics, context.Placeholders);
        ForEachNode(LoadStage.Binding, nodes, node =>
        {
            if (!node.Failed)
            {
                functions.Apply(node);
                binding.Apply(node);
            }
        });

        var references = new ReferenceRule(context);
        foreach (var node in nodes.Where(n => !n.Failed))
        {
            references.Apply(node);
        }

        if (_diagnostics.HasErrors)
        {
            return null;
        }

        var settings = new JsonObject();
        foreach (var app in hierarchy.Reverse())
        {
            ConfigMerger.MergeInto(settings, app.Settings);
        }

        var entries = context.View.Values.ToDictionary(
            n => n.Raw.FullName, n => new ElementEntry(n.ToDefinition(n.Raw.FullName, null, null), null, n.BoundConfig), StringComparer.Ordinal);
        new ChildInheritanceRule(context.View).Apply(entries);
        DirectChildrenRule.Apply(entries);
        return new ElementRegistry(hierarchy[0], hierarchy, entries.ToFrozenDictionary(StringComparer.Ordinal), settings, _code);
    }

    // Child apps pin variables for their parents, so the first app in lookup order that defines one wins.
    private static Dictionary<string, string> EnvVars(IReadOnlyList<AppManifest> hierarchy)
    {
        var envVars = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var app in hierarchy)
        {
            foreach (var (key, value) in app.EnvVars)
            {
                envVars.TryAdd(key, value);
            }
        }

        return envVars;
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

    private void ForEachNode(LoadStage stage, List<ElementNode> nodes, Action<ElementNode> rule)
    {
        for (var i = 0; i < nodes.Count; i++)
        {
            // About a hundred reports per stage however many elements there are: enough for a progress bar, cheap for the load.
            if (_request.Progress is not null && i % Math.Max(1, nodes.Count / 100) == 0)
            {
                Report(stage, i, nodes.Count);
            }

            rule(nodes[i]);
        }

        Report(stage, nodes.Count, nodes.Count);
    }

    private void Report(LoadStage stage, int completed, int total, string? appId = null) =>
        _request.Progress?.Report(new LoadProgress(stage, completed, total, appId));
}
