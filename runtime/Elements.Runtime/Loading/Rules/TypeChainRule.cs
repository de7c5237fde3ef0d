using Elements.Activation;
using Elements.Definitions;
using Elements.Diagnostics;

namespace Elements.Loading.Rules;

/// <summary>
/// Decides each element's layer and type chain: no type makes a Meta; the type of a Meta makes a Type; the type of a
/// Type makes an Instance, unless the element brings a class of its own (then it is a derived Type). An Instance
/// cannot be a type (EL0005), nor can a Meta have a class; unknown types (EL0004) and cycles (EL0006) are reported
/// once, at the element whose <c>type</c> is wrong, and its users fail silently. Types are resolved before their
/// users, so implementation, functionList and config (through <see cref="ConfigLayeringRule"/>) are inherited here.
/// </summary>
internal sealed class TypeChainRule(RegistryBuildContext context, ConfigLayeringRule layering)
{
    // The chain being walked, to name a cycle from where it starts.
    private readonly List<ElementNode> _stack = [];

    public void Apply(ElementNode node)
    {
        if (node.State == ElementNodeState.Done)
        {
            return;
        }

        node.State = ElementNodeState.Visiting;
        _stack.Add(node);
        try
        {
            Resolve(node);
        }
        finally
        {
            _stack.RemoveAt(_stack.Count - 1);
            node.State = ElementNodeState.Done;
        }
    }

    private void Resolve(ElementNode node)
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
                context.Diagnostics.AddAt(DiagnosticCodes.LayerViolation, raw.EJsonPath, ["type"],
                    $"'{raw.FullName}' is a Meta and cannot be implemented by {metaClass.Type.FullName}; implement a Type of it instead");
                node.Failed = true;
                return;
            }

            node.Config = layering.Merge(null, raw);
            node.Functions = raw.Functions ?? [];
            return;
        }

        var target = context.Lookup(raw.Type, raw.App);
        if (target is null)
        {
            context.Diagnostics.AddAt(DiagnosticCodes.UnknownType, raw.EJsonPath, ["type"],
                $"unknown type '{raw.Type}' of element '{raw.FullName}'" + NameSuggester.Hint(raw.Type, context.View.Keys));
            node.Failed = true;
            return;
        }

        if (target.State == ElementNodeState.Visiting)
        {
            var start = _stack.IndexOf(target);
            var cycle = _stack.Skip(start).Select(n => n.Raw.FullName).Append(target.Raw.FullName);
            context.Diagnostics.AddAt(DiagnosticCodes.TypeCycle, raw.EJsonPath, ["type"], $"type cycle: {string.Join(" -> ", cycle)}");
            node.Failed = true;
            return;
        }

        Apply(target);
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
                context.Diagnostics.AddAt(DiagnosticCodes.LayerViolation, raw.EJsonPath, ["type"],
                    $"'{raw.FullName}' has type '{target.Raw.FullName}', which is an Instance; a type must be a Meta or a Type");
                node.Failed = true;
                return;
        }

        node.Type = target;
        node.Chain = [target.Raw.FullName, .. target.Chain];
        node.Implementation = Implementation(node.OwnImplementation, target.Implementation);
        node.Config = layering.Merge(target.Config, raw);
        node.Functions = raw.Functions ?? target.Functions;
    }

    // A class deriving from its Type's class takes the same config unless it names its own: an event or a task with
    // Inner code is `[ElementType("events.X")] class X : ModelEventElement`, and its e.json is still a model event's.
    private static ElementImplementation? Implementation(ElementImplementation? own, ElementImplementation? inherited) =>
        own is { ConfigType: null } && inherited?.ConfigType is { } configType && inherited.Type.IsAssignableFrom(own.Type)
            ? own with { ConfigType = configType }
            : own ?? inherited;
}
