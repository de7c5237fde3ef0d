using Elements.Activation;
using Elements.Configuration;
using Elements.Diagnostics;

namespace Elements.Loading.Rules;

/// <summary>
/// What the rules of one registry build share: the request, the diagnostics, and the merged view of the app hierarchy
/// (<see cref="VisibilityRule"/> fills it; the later rules read it and decide about its nodes).
/// </summary>
internal sealed class RegistryBuildContext(LoadRequest request, DiagnosticBag diagnostics, ElementTypeCatalog catalog, PlaceholderResolver placeholders)
{
    public LoadRequest Request { get; } = request;

    public DiagnosticBag Diagnostics { get; } = diagnostics;

    public ElementTypeCatalog Catalog { get; } = catalog;

    public PlaceholderResolver Placeholders { get; } = placeholders;

    /// <summary>The element each full name means from the root app (the nearest app's, child apps first).</summary>
    public Dictionary<string, ElementNode> View { get; } = new(StringComparer.Ordinal);

    /// <summary>Private elements of ancestor apps, by app id: usable by their own app's elements only.</summary>
    public Dictionary<string, Dictionary<string, ElementNode>> PrivateScopes { get; } = new(StringComparer.Ordinal);

    public IEnumerable<ElementNode> AllNodes() => View.Values.Concat(PrivateScopes.Values.SelectMany(s => s.Values));

    /// <summary>What <paramref name="name"/> means to an element of <paramref name="from"/>: its app's private element first.</summary>
    public ElementNode? Lookup(string name, AppManifest from) =>
        PrivateScopes.TryGetValue(from.AppId, out var scope) && scope.TryGetValue(name, out var own) ? own : View.GetValueOrDefault(name);
}
