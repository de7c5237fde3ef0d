using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Elements.Activation;
using Elements.Definitions;

namespace Elements.Loading;

/// <summary>
/// An immutable snapshot of everything the app can see. Hot reload builds a new one off to the side and swaps the
/// reference, so readers never observe a half-built registry and lookups need no locks.
/// </summary>
internal sealed class ElementRegistry(
    AppManifest app,
    IReadOnlyList<AppManifest> hierarchy,
    FrozenDictionary<string, ElementEntry> entries,
    JsonObject settings,
    IReadOnlyList<IDisposable> ownedCode)
{
    public AppManifest App { get; } = app;

    /// <summary>The app and the apps it extends, in lookup order.</summary>
    public IReadOnlyList<AppManifest> Hierarchy { get; } = hierarchy;

    public FrozenDictionary<string, ElementEntry> Entries { get; } = entries;

    /// <summary>Definitions ordered by full name (ordinal).</summary>
    public IReadOnlyList<ElementDefinition> Definitions { get; } =
        [.. entries.Values.Select(e => e.Definition).OrderBy(d => d.FullName, StringComparer.Ordinal)];

    public JsonObject Settings { get; } = settings;

    /// <summary>The objects this snapshot activated and the calls running on it, for disposal; it also releases the
    /// leases on the compiled element code this snapshot was built from.</summary>
    public ElementLifetime Lifetime { get; } = ElementLifetime.Owning(ownedCode);
}
