using System.Text.Json.Nodes;
using Elements.Definitions;
using Elements.Loading;

namespace Elements.Selectors;

/// <summary>
/// JitAi element selectors, each term of a comma-separated union:
/// <list type="bullet">
/// <item><c>fullName</c> — that element;</item>
/// <item><c>.TypeFullName</c> — every element whose type chain contains that type (instances and derived types, transitively);</item>
/// <item><c>#attr=value</c> — elements whose attribute (title, type, tag, icon, description, appId, layer,
/// accessModifier, fullName) or top-level config key equals the value;</item>
/// <item><c>fullName*</c> — the element's descendants (children, grandchildren, ... inherited ones included);</item>
/// <item><c>*fullName</c> — the element's type chain, nearest type first, ending at the Meta.</item>
/// </list>
/// Results keep the order of the terms and are ordinal by full name within a term; duplicates appear once.
/// </summary>
internal static class ElementSelector
{
    public static IReadOnlyList<ElementDefinition> Select(ElementRegistry registry, string selector)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(selector);
        var result = new List<ElementDefinition>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var term in selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            foreach (var definition in SelectTerm(registry, term))
            {
                if (seen.Add(definition.FullName))
                {
                    result.Add(definition);
                }
            }
        }

        return result;
    }

    private static IEnumerable<ElementDefinition> SelectTerm(ElementRegistry registry, string term)
    {
        if (term.StartsWith('*'))
        {
            var name = term[1..];
            return registry.Entries.TryGetValue(name, out var entry)
                ? entry.Definition.TypeChain.Select(t => registry.Entries.GetValueOrDefault(t)?.Definition).OfType<ElementDefinition>()
                : [];
        }

        if (term.EndsWith('*'))
        {
            var prefix = term[..^1] + ".";
            return registry.Definitions.Where(d => d.FullName.StartsWith(prefix, StringComparison.Ordinal));
        }

        if (term.StartsWith('.'))
        {
            var type = term[1..];
            return registry.Definitions.Where(d => d.TypeChain.Contains(type, StringComparer.Ordinal));
        }

        if (term.StartsWith('#'))
        {
            var equals = term.IndexOf('=');
            if (equals < 0)
            {
                throw new ArgumentException($"selector term '{term}' must read #attr=value", nameof(term));
            }

            var attribute = term[1..equals].Trim();
            var value = term[(equals + 1)..].Trim().Trim('"', '\'');
            return registry.Definitions.Where(d => string.Equals(AttributeOf(d, attribute), value, StringComparison.Ordinal));
        }

        return registry.Entries.TryGetValue(term, out var single) ? [single.Definition] : [];
    }

    private static string? AttributeOf(ElementDefinition definition, string attribute) => attribute switch
    {
        "fullName" => definition.FullName,
        "title" => definition.Title,
        "type" => definition.Type,
        "tag" => definition.Tag,
        "icon" => definition.Icon,
        "description" => definition.Description,
        "appId" => definition.AppId,
        "layer" => definition.Layer.ToString().ToLowerInvariant(),
        "accessModifier" => definition.AccessModifier.ToString().ToLowerInvariant(),
        _ => definition.Config[attribute] switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonValue v => v.ToJsonString(),
            _ => null,
        },
    };
}
