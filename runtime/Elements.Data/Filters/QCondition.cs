using System.Text.Json.Nodes;
using Elements.Data.Errors;

namespace Elements.Data.Filters;

/// <summary>A single comparison <c>Q('field', 'op', value)</c>.</summary>
public sealed class QCondition : Q
{
    public QCondition(string field, string op, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(op);
        if (QOperators.CheckValue(op, value) is { } problem)
        {
            throw new FilterException(problem);
        }

        FieldName = field;
        Operator = op;
        Value = value;
    }

    public string FieldName { get; }

    public string Operator { get; }

    public JsonNode? Value { get; }

    internal override int Depth => 1;

    public override string ToString() => $"Q({QParser.Quote(FieldName)}, {QParser.Quote(Operator)}, {QParser.Format(Value)})";
}
