using System.Text.Json.Nodes;

namespace Elements.Definitions;

/// <summary>
/// A resolved element declaration: what <c>e.json</c>, its business config and the app hierarchy say about one full name.
/// Immutable; a registry swap (hot reload) produces new definitions rather than changing these.
/// </summary>
public sealed class ElementDefinition
{
    /// <summary>Dotted full name, e.g. <c>auths.loginTypes.MyWechatLogin</c>.</summary>
    public required string FullName { get; init; }

    public required ElementLayer Layer { get; init; }

    /// <summary>The declared <c>type</c>; empty for a Meta.</summary>
    public required string Type { get; init; }

    /// <summary>The chain of types above this element, nearest first and ending with the Meta; empty for a Meta.</summary>
    public required IReadOnlyList<string> TypeChain { get; init; }

    public required string Title { get; init; }

    public string? Description { get; init; }

    /// <summary>The app that declares the element (after overrides: the most derived app that has it).</summary>
    public required string AppId { get; init; }

    /// <summary>Absolute path of the element folder.</summary>
    public required string Path { get; init; }

    public AccessModifier AccessModifier { get; init; } = AccessModifier.Public;

    /// <summary>
    /// e.json's <c>"internal": true</c>: the element serves C# code, scripts and the CLI only and is never reachable
    /// over HTTP, whatever a role grants (account tables: sessions, codes, credentials, tokens).
    /// </summary>
    public bool IsInternal { get; init; }

    /// <summary>Callable contract: the element's own <c>functionList</c>, else the nearest one up its type chain.</summary>
    public IReadOnlyList<FunctionDefinition> Functions { get; init; } = [];

    /// <summary>
    /// The effective config after the deep merge (type chain defaults &lt; e.json keys &lt; business config file &lt; host
    /// overrides) with placeholders resolved. Holds secrets in clear: never print it; use the redacted form for output.
    /// </summary>
    public JsonObject Config { get; init; } = [];

    private IReadOnlyList<string> _children = [];

    /// <summary>Full names of the direct child elements, inherited ones included.</summary>
    public IReadOnlyList<string> Children { get => _children; init => _children = value; }

    /// <summary>The <c>tag</c> attribute of <c>e.json</c>, if any.</summary>
    public string? Tag { get; init; }

    /// <summary>The <c>icon</c> attribute of <c>e.json</c>, if any.</summary>
    public string? Icon { get; init; }

    /// <summary>
    /// For a child an Instance inherits from its type chain (e.g. <c>auths.loginTypes.MyWechatLogin.services.X</c>): the
    /// full name of the Type's element it was copied from. Null for elements declared in a folder of their own.
    /// </summary>
    public string? InheritedFrom { get; init; }

    /// <summary>For an inherited child: the full name of the Instance that owns it.</summary>
    public string? OwnerFullName { get; init; }

    /// <summary>The CLR class activated for this element (its own or the nearest up its type chain); null if none.</summary>
    public Type? ImplementationType { get; init; }

    /// <summary>The config class named by the implementation's <see cref="Activation.ElementTypeAttribute.ConfigType"/>.</summary>
    public Type? ConfigType { get; init; }

    /// <summary>A copy with other children; every other property is carried over, whatever is added later.</summary>
    internal ElementDefinition WithChildren(IReadOnlyList<string> children)
    {
        var copy = (ElementDefinition)MemberwiseClone();
        copy._children = children;
        return copy;
    }

    /// <summary>The effective config with every secret value replaced by <c>***</c>: the only form fit for output.</summary>
    public JsonObject GetRedactedConfig() => Configuration.SecretRedactor.Redact(Config, ConfigType);

    public override string ToString() => $"{FullName} ({Layer.ToString().ToLowerInvariant()}, type '{Type}')";
}
