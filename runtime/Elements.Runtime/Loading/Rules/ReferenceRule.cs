using Elements.Configuration;
using Elements.Definitions;
using Elements.Diagnostics;

namespace Elements.Loading.Rules;

/// <summary>
/// Decides that the elements a bound config names (<see cref="IElementReferences"/>) exist as the config means them:
/// visible from the naming element's app, of the expected family, declaring the function called. Runs after binding,
/// when every element's layer, chain and functions are known.
/// </summary>
internal sealed class ReferenceRule(RegistryBuildContext context)
{
    public void Apply(ElementNode node)
    {
        if (node.BoundConfig is not IElementReferences config)
        {
            return;
        }

        foreach (var reference in config.GetReferences())
        {
            if (Check(node, reference) is { } problem)
            {
                node.Failed = true;
                context.Diagnostics.AddAt(DiagnosticCodes.UnknownReference, node.Raw.EJsonPath, JsonLocator.ParsePath(reference.Path),
                    $"element '{node.Raw.FullName}': {problem}", propertyName: false);
            }
        }
    }

    private string? Check(ElementNode node, ElementReference reference)
    {
        var target = context.Lookup(reference.FullName, node.Raw.App);
        if (target is null)
        {
            return $"'{reference.FullName}' is not an element{NameSuggester.Hint(reference.FullName, context.View.Keys)}";
        }

        if (reference.Meta is { } meta && target.Raw.FullName != meta && !target.Chain.Contains(meta, StringComparer.Ordinal))
        {
            return $"'{reference.FullName}' is not a {meta} element (its type chain: {string.Join(" → ", target.Chain)})";
        }

        if (reference.Function is { } function && target.Layer != ElementLayer.Meta && !target.Functions.Any(f => f.Name == function))
        {
            return $"'{reference.FullName}' has no function '{function}'{NameSuggester.Hint(function, target.Functions.Select(f => f.Name))}";
        }

        return null;
    }
}
