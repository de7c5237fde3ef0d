using Elements.Activation;
using Elements.Definitions;

namespace Elements.Loading.Rules;

/// <summary>
/// Decides the children an Instance inherits from its type chain: each descendant of a type (say
/// <c>T.services.Svc</c>) appears under the Instance (<c>I.services.Svc</c>) owned by it, unless the Instance (or a
/// nearer type) has its own child of that name. Inherited Instances inherit in turn, to a bounded depth.
/// </summary>
internal sealed class ChildInheritanceRule(IReadOnlyDictionary<string, ElementNode> view)
{
    // Bounds inherited-children recursion (a Type whose child is an Instance of the same Type would never end).
    private const int MaxInheritanceDepth = 4;

    /// <param name="entries">The view's own entries; inherited children are added to it.</param>
    public void Apply(Dictionary<string, ElementEntry> entries)
    {
        var descendants = view.Keys.Order(StringComparer.Ordinal).ToList();
        IEnumerable<string> DescendantsOf(string name)
        {
            var prefix = name + ".";
            var index = descendants.BinarySearch(prefix, StringComparer.Ordinal);
            for (var i = index < 0 ? ~index : index; i < descendants.Count && descendants[i].StartsWith(prefix, StringComparison.Ordinal); i++)
            {
                yield return descendants[i];
            }
        }

        var pending = new Queue<(string Owner, IReadOnlyList<string> Chain, int Depth)>(view.Values
            .Where(n => n.Layer == ElementLayer.Instance)
            .OrderBy(n => n.Raw.FullName, StringComparer.Ordinal)
            .Select(n => (n.Raw.FullName, (IReadOnlyList<string>)n.Chain, 0)));
        while (pending.TryDequeue(out var item))
        {
            var owner = entries[item.Owner];
            foreach (var typeName in item.Chain)
            {
                foreach (var sourceName in DescendantsOf(typeName))
                {
                    var fullName = item.Owner + sourceName[typeName.Length..];
                    if (entries.ContainsKey(fullName) || !view.TryGetValue(sourceName, out var source) || source.Failed)
                    {
                        // The instance's own child (or a nearer type's) wins over the inherited one.
                        continue;
                    }

                    var definition = source.ToDefinition(fullName, sourceName, item.Owner);
                    entries[fullName] = new ElementEntry(definition, owner, source.BoundConfig);
                    if (source.Layer == ElementLayer.Instance && item.Depth < MaxInheritanceDepth)
                    {
                        pending.Enqueue((fullName, source.Chain, item.Depth + 1));
                    }
                }
            }
        }
    }
}
