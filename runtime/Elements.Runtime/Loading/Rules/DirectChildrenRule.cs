using Elements.Activation;

namespace Elements.Loading.Rules;

/// <summary>Decides each element's direct children: the nearest existing element up a dotted name is its parent
/// (folders in between need not be elements); children are listed in ordinal order.</summary>
internal static class DirectChildrenRule
{
    public static void Apply(Dictionary<string, ElementEntry> entries)
    {
        var childrenOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var name in entries.Keys)
        {
            for (var dot = name.LastIndexOf('.'); dot > 0; dot = name.LastIndexOf('.', dot - 1))
            {
                var parent = name[..dot];
                if (entries.ContainsKey(parent))
                {
                    if (!childrenOf.TryGetValue(parent, out var list))
                    {
                        childrenOf[parent] = list = [];
                    }

                    list.Add(name);
                    break;
                }
            }
        }

        foreach (var (name, children) in childrenOf)
        {
            children.Sort(StringComparer.Ordinal);
            entries[name].ReplaceDefinition(entries[name].Definition.WithChildren(children));
        }
    }
}
