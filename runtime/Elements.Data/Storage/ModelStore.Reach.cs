using Elements.Data.Filters;
using Elements.Data.Schema;

namespace Elements.Data.Storage;

/// <summary>Which related models a read would show, so a caller's permission on each can be decided before it runs.</summary>
public sealed partial class ModelStore
{
    /// <summary>
    /// The full names of the models whose rows a read with these arguments shows or tests: the models crossed by the
    /// relation paths of <paramref name="filter"/> and <paramref name="names"/> (field and order lists), of list fields
    /// named there, and of every relation <paramref name="level"/> expands. Empty for a model without relations.
    /// </summary>
    public IReadOnlySet<string> RelatedModelsReached(Q? filter, IEnumerable<string>? names, int level)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        if (!Schema.HasRelations)
        {
            return reached;
        }

        foreach (var name in (names ?? []).Concat(filter is null ? [] : FieldNames(filter)))
        {
            var schema = Schema;
            foreach (var segment in name.Split("__"))
            {
                var field = schema.FindField(segment) ?? schema.FindListField(segment);
                if (field?.Relation is not { } relation || _related is null)
                {
                    break;
                }

                reached.Add(relation.Generic);
                schema = _related(relation.Generic);
            }
        }

        var layer = new List<ModelSchema> { Schema };
        var expanded = new HashSet<string>(StringComparer.Ordinal);
        for (var depth = 0; depth < level && layer.Count > 0 && _related is not null; depth++)
        {
            var next = new List<ModelSchema>();
            foreach (var relation in layer.SelectMany(s => s.Fields.Concat(s.ListFields)).Select(f => f.Relation).OfType<RelationDefinition>())
            {
                reached.Add(relation.Generic);
                if (expanded.Add(relation.Generic))
                {
                    next.Add(_related(relation.Generic));
                }
            }

            layer = next;
        }

        return reached;
    }

    private static IEnumerable<string> FieldNames(Q q) => q switch
    {
        QCondition c => [c.FieldName],
        QGroup g => g.Children.SelectMany(FieldNames),
        QNot n => FieldNames(n.Inner),
        _ => [],
    };
}
