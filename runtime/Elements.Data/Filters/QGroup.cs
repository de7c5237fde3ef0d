using Elements.Data.Errors;

namespace Elements.Data.Filters;

/// <summary>Children joined by AND or OR.</summary>
public sealed class QGroup : Q
{
    public QGroup(QConnector connector, IEnumerable<Q> children)
    {
        ArgumentNullException.ThrowIfNull(children);
        Connector = connector;
        Children = children.ToArray();
        if (Children.Any(c => c is null))
        {
            throw new ArgumentException("A filter group cannot contain null.", nameof(children));
        }

        Depth = 1 + (Children.Count == 0 ? 0 : Children.Max(c => c.Depth));
        if (Depth > MaxDepth)
        {
            throw new FilterException($"filter is nested deeper than {MaxDepth} levels");
        }
    }

    public QConnector Connector { get; }

    public IReadOnlyList<Q> Children { get; }

    internal override int Depth { get; }

    public override string ToString()
        => Children.Count == 0 ? "Q()" : $"Q({string.Join(Connector == QConnector.And ? ", Q.AND, " : ", Q.OR, ", Children)})";
}
