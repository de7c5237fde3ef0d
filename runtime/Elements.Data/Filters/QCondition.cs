using System.Text.Json.Nodes;
using Elements.Data.Errors;

namespace Elements.Data.Filters;

/// <summary>
/// A single comparison <c>Q('field', 'op', value)</c>. Aliases (<c>gte</c>, <c>NE</c>, ...) are stored as the canonical
/// operator and isnull's 1/0 as true/false, so every spelling of a filter yields the same tree.
/// </summary>
public sealed class QCondition : Q
{
    public QCondition(string field, string op, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(op);
        var canonical = QOperators.Canonical(op)
            ?? throw new FilterException($"unknown operator '{(op.Length <= 40 ? op : op[..40] + "…")}' (known: {QOperators.Known})");
        if (QOperators.CheckValue(canonical, value) is { } problem)
        {
            throw new FilterException(problem);
        }

        FieldName = field;
        Operator = canonical;
        Value = QOperators.Normalize(canonical, value);
    }

    public string FieldName { get; }

    public string Operator { get; }

    public JsonNode? Value { get; }

    internal override int Depth => 1;

    public override string ToString() => $"Q({QParser.Quote(FieldName)}, {QParser.Quote(Operator)}, {QParser.Format(Value)})";
}
