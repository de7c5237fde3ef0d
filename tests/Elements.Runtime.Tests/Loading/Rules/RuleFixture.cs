using System.Reflection;
using System.Text.Json.Nodes;
using Elements.Activation;
using Elements.Configuration;
using Elements.Definitions;
using Elements.Diagnostics;
using Elements.Loading;
using Elements.Loading.Rules;
using Elements.Testing.Files;

namespace Elements.Runtime.Tests.Loading.Rules;

/// <summary>
/// Scanned elements built in memory, so one rule runs alone on exactly the nodes a test names. The files are real
/// (in a temp folder) where a rule reports a position; everywhere else they need not exist.
/// </summary>
internal sealed class RuleFixture : IDisposable
{
    private readonly TempDirectory _root = TempDirectory.Create("elements-rules");

    public RuleFixture(IReadOnlyDictionary<string, JsonObject>? overrides = null, params Assembly[] assemblies)
    {
        Diagnostics = new DiagnosticBag(_root.Path);
        Context = new RegistryBuildContext(
            new LoadRequest(_root.Path, [], assemblies, overrides ?? new Dictionary<string, JsonObject>(), _ => null),
            Diagnostics,
            ElementTypeCatalog.Create(assemblies),
            new PlaceholderResolver(new Dictionary<string, string>(), _ => null));
    }

    public DiagnosticBag Diagnostics { get; }

    public RegistryBuildContext Context { get; }

    public IReadOnlyList<string> Reported => [.. Diagnostics.ToList().Select(d => d.ToString())];

    public AppManifest App(string appId, params string[] extends) =>
        new(appId, Path.Combine(_root.Path, appId), null, null, null, extends, [], new Dictionary<string, string>());

    /// <summary>A scanned element of <paramref name="app"/>; <paramref name="eJson"/>, when given, is written as its e.json.</summary>
    public RawElement Raw(AppManifest app, string fullName, string type = "", AccessModifier access = AccessModifier.Public,
        JsonObject? config = null, JsonObject? businessConfig = null, IReadOnlyList<FunctionDefinition>? functions = null, string? eJson = null)
    {
        var folder = Path.Combine([app.RootPath, .. fullName.Split('.')]);
        if (eJson is not null)
        {
            TempDirectory.WriteFile(Path.Combine(folder, "e.json"), eJson);
        }

        return new RawElement
        {
            FullName = fullName,
            App = app,
            Folder = folder,
            Title = fullName,
            Type = type,
            AccessModifier = access,
            Functions = functions,
            OwnConfig = config ?? [],
            BusinessConfigPath = businessConfig is null ? null : Path.Combine(folder, "config.json"),
            BusinessConfig = businessConfig,
        };
    }

    /// <summary>Adds nodes to the view as <see cref="VisibilityRule"/> would for a single app.</summary>
    public ElementNode Add(RawElement raw, Type? implementation = null, Type? configType = null)
    {
        var node = new ElementNode(raw, implementation is null ? null : new ElementImplementation(implementation, configType));
        Context.View.Add(raw.FullName, node);
        return node;
    }

    public static FunctionDefinition Function(string name) => new(name, null, [], null);

    public void Dispose() => _root.Dispose();
}
