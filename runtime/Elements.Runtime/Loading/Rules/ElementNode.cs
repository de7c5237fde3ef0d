using System.Text.Json.Nodes;
using Elements.Activation;
using Elements.Definitions;

namespace Elements.Loading.Rules;

/// <summary>One scanned element while the rules decide about it; each rule fills in what it decides.</summary>
internal sealed class ElementNode(RawElement raw, ElementImplementation? ownImplementation)
{
    public RawElement Raw { get; } = raw;

    /// <summary>The class marked for exactly this full name, if any (a Type's own class).</summary>
    public ElementImplementation? OwnImplementation { get; } = ownImplementation;

    public ElementNodeState State { get; set; }

    /// <summary>Set once a problem of this element (or of its type) is reported; later rules skip it.</summary>
    public bool Failed { get; set; }

    public ElementLayer Layer { get; set; }

    public ElementNode? Type { get; set; }

    public IReadOnlyList<string> Chain { get; set; } = [];

    public ElementImplementation? Implementation { get; set; }

    public JsonObject Config { get; set; } = [];

    public IReadOnlyList<FunctionDefinition> Functions { get; set; } = [];

    public object? BoundConfig { get; set; }

    /// <summary>The definition of this node under <paramref name="fullName"/> (its own, or an Instance's inherited child's).</summary>
    public ElementDefinition ToDefinition(string fullName, string? inheritedFrom, string? owner) => new()
    {
        FullName = fullName,
        Layer = Layer,
        Type = Raw.Type,
        TypeChain = Chain,
        Title = Raw.Title,
        Description = Raw.Description,
        Tag = Raw.Tag,
        Icon = Raw.Icon,
        AppId = Raw.App.AppId,
        Path = Raw.Folder,
        AccessModifier = Raw.AccessModifier,
        IsInternal = Raw.IsInternal,
        Functions = Functions,
        Config = Config,
        Children = [],
        InheritedFrom = inheritedFrom,
        OwnerFullName = owner,
        ImplementationType = Implementation?.Type,
        ConfigType = Implementation?.ConfigType,
    };

    /// <summary>A Type only by its own class: an element bringing code onto a Type whose class declares such elements
    /// Instances in all but name (<see cref="Activation.ElementTypeAttribute.CodeBehindInstances"/>).</summary>
    public bool IsCodeBehindInstance => Layer == ElementLayer.Type && OwnImplementation is not null && Type?.Implementation is { CodeBehindInstances: true };
}
