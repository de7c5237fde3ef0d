using System.Text.Json;
using System.Text.Json.Nodes;

namespace Elements.Data.Filters;

/// <summary>The closed set of filter operators and the value shape each one needs.</summary>
internal static class QOperators
{
    public const int MaxListItems = 1000;

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        "=", "!=", ">", ">=", "<", "<=", "in", "nin", "like", "nlike", "startswith", "endswith", "isnull", "range",
    };

    /// <summary>Returns null when <paramref name="value"/> fits <paramref name="op"/>, else the problem.</summary>
    public static string? CheckValue(string op, JsonNode? value)
    {
        var kind = value?.GetValueKind() ?? JsonValueKind.Null;
        switch (op)
        {
            case "in":
            case "nin":
                if (value is not JsonArray list)
                {
                    return $"operator '{op}' needs a list value";
                }

                if (list.Count > MaxListItems)
                {
                    return $"operator '{op}' accepts at most {MaxListItems} values";
                }

                return list.Any(i => i is JsonArray or JsonObject) ? $"operator '{op}' needs a list of plain values" : null;
            case "range":
                if (value is not JsonArray pair || pair.Count != 2)
                {
                    return "operator 'range' needs a list of two values [low, high]";
                }

                return pair.Any(i => i is JsonArray or JsonObject) ? "operator 'range' needs plain values" : null;
            case "isnull":
                return kind is JsonValueKind.True or JsonValueKind.False ? null : "operator 'isnull' needs true or false";
            case "like":
            case "nlike":
            case "startswith":
            case "endswith":
                return kind == JsonValueKind.String ? null : $"operator '{op}' needs a string value";
            case "=":
            case "!=":
            case ">":
            case ">=":
            case "<":
            case "<=":
                if (value is JsonArray)
                {
                    return $"operator '{op}' needs a single value, not a list";
                }

                if (op is not ("=" or "!=") && kind == JsonValueKind.Null)
                {
                    return $"operator '{op}' cannot compare with null";
                }

                return null;
            default:
                return $"unknown operator '{op}' (known: {string.Join(" ", All)})";
        }
    }
}
