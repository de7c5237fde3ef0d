using Elements.Data.Errors;

namespace Elements.Data.Filters;

/// <summary>
/// Negation <c>~Q(...)</c>. Rows where the inner filter is unknown (it compares a null) count as "not matching" it,
/// so they are selected: <c>~Q(status='x')</c> selects the same rows as <c>Q('status', '!=', 'x')</c>.
/// </summary>
public sealed class QNot : Q
{
    public QNot(Q inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Inner = inner;
        Depth = 1 + inner.Depth;
        if (Depth > MaxDepth)
        {
            throw new FilterException($"filter is nested deeper than {MaxDepth} levels");
        }
    }

    public Q Inner { get; }

    internal override int Depth { get; }

    public override string ToString() => "~" + (Inner is QNot ? "(" + Inner + ")" : Inner.ToString());
}
