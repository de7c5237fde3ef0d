using System.Text.Json.Nodes;
using Elements.Definitions;

namespace Elements.Loading;

/// <summary>One element folder as scanned, before types are resolved across the app hierarchy.</summary>
internal sealed class RawElement
{
    public required string FullName { get; init; }

    public required AppManifest App { get; init; }

    /// <summary>Absolute path of the element folder.</summary>
    public required string Folder { get; init; }

    public string EJsonPath => Path.Combine(Folder, "e.json");

    public required string Title { get; init; }

    public required string Type { get; init; }

    public string? Description { get; init; }

    public string? Tag { get; init; }

    public string? Icon { get; init; }

    public AccessModifier AccessModifier { get; init; }

    /// <summary>e.json's <c>internal</c>: callable in-process only, never over HTTP.</summary>
    public bool IsInternal { get; init; }

    /// <summary>The element's own functionList; null when it declares none (it then inherits its type's).</summary>
    public IReadOnlyList<FunctionDefinition>? Functions { get; init; }

    /// <summary>Type-specific keys of e.json, placeholders resolved.</summary>
    public required JsonObject OwnConfig { get; init; }

    /// <summary>The business config file and its content, placeholders resolved; null when there is none.</summary>
    public string? BusinessConfigPath { get; init; }

    public JsonObject? BusinessConfig { get; init; }

    /// <summary>Set when the element could not be read well enough to take part in resolution.</summary>
    public bool Broken { get; init; }
}
