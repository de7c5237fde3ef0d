using System.Text.Json;
using System.Text.Json.Nodes;

namespace Elements.Data.Filters;

/// <summary>The closed set of filter operators, their aliases, and the value shape each one needs.</summary>
internal static class QOperators
{
    public const int MaxListItems = 1000;

    /// <summary>Canonical operator names; every filter tree holds only these.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        "=", "!=", ">", ">=", "<", "<=", "in", "nin", "like", "nlike", "likeany", "nlikeany", "startswith", "endswith",
        "isnull", "range", "year", "month", "week", "day", "belong", "nbelong", "province", "city", "district",
    };

    /// <summary>Date parts, compared as integers in UTC; week is the ISO-8601 week (1-53).</summary>
    public static readonly IReadOnlySet<string> DateParts = new HashSet<string>(StringComparer.Ordinal) { "year", "month", "week", "day" };

    /// <summary>Operators of the Address data type (JitAi's); refused on every other type.</summary>
    public static readonly IReadOnlySet<string> AddressOperators = new HashSet<string>(StringComparer.Ordinal) { "belong", "nbelong", "province", "city", "district" };

    // JitAi's word aliases (gt, gte, ...) and its upper-case enum names (EQ, NE, ..., NBELONG): same operators.
    // 'contains' appears in JitAi's extension examples (Q('full_address', 'contains', 'Hangzhou')): it is 'like'.
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["eq"] = "=", ["ne"] = "!=", ["gt"] = ">", ["gte"] = ">=", ["lt"] = "<", ["lte"] = "<=", ["contains"] = "like",
    };

    /// <summary>The canonical name of <paramref name="op"/> (an operator, alias or upper-case name), or null when unknown.</summary>
    public static string? Canonical(string op)
    {
        if (All.Contains(op))
        {
            return op;
        }

        if (Aliases.TryGetValue(op, out var alias))
        {
            return alias;
        }

        var lower = op.ToLowerInvariant();
        return lower.Length > 1 && char.IsAsciiLetter(lower[0]) && All.Contains(lower) ? lower : null;
    }

    /// <summary>Lookup names usable after <c>__</c> in the keyword form (<c>age__gte=18</c>).</summary>
    public static bool IsLookup(string word) => word.Length > 1 && word.All(char.IsAsciiLetterLower) && Canonical(word) is not null;

    public static string Known => string.Join(" ", All) + " (aliases: eq ne gt gte lt lte contains)";

    /// <summary>Returns null when <paramref name="value"/> fits <paramref name="op"/> (canonical), else the problem.</summary>
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
            case "likeany":
            case "nlikeany":
                if (value is not JsonArray patterns)
                {
                    return $"operator '{op}' needs a list of strings";
                }

                if (patterns.Count > MaxListItems)
                {
                    return $"operator '{op}' accepts at most {MaxListItems} values";
                }

                return patterns.All(i => i?.GetValueKind() == JsonValueKind.String) ? null : $"operator '{op}' needs a list of strings";
            case "range":
                if (value is not JsonArray pair || pair.Count != 2)
                {
                    return "operator 'range' needs a list of two values [low, high]";
                }

                return pair.Any(i => i is JsonArray or JsonObject) ? "operator 'range' needs plain values" : null;
            case "isnull":
                return kind is JsonValueKind.True or JsonValueKind.False || IsZeroOrOne(value) ? null : "operator 'isnull' needs true or false (or 1 or 0)";
            case "year":
            case "month":
            case "week":
            case "day":
                return kind == JsonValueKind.Number && value!.AsValue().TryGetValue<long>(out _) ? null : $"operator '{op}' needs a whole number";
            case "belong":
            case "nbelong":
                // A string is the province alone (JitAi's Address.belong takes either).
                return value is JsonObject || kind == JsonValueKind.String ? null : $"operator '{op}' needs an object such as {{\"province\": \"Beijing\"}} or a province name";
            case "like":
            case "nlike":
            case "startswith":
            case "endswith":
            case "province":
            case "city":
            case "district":
                return kind == JsonValueKind.String ? null : $"operator '{op}' needs a string value";
            case "=":
            case "!=":
            case ">":
            case ">=":
            case "<":
            case "<=":
                // An object is a single value too: JitDict fields compare with one.
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
                return $"unknown operator '{op}' (known: {Known})";
        }
    }

    /// <summary>isnull's value as a bool: JitAi documents 1 (is null) and 0 (is not null) besides true/false.</summary>
    public static JsonNode? Normalize(string op, JsonNode? value)
        => op == "isnull" && IsZeroOrOne(value) ? JsonValue.Create(value!.GetValue<long>() == 1) : value;

    private static bool IsZeroOrOne(JsonNode? value)
        => value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n) && n is 0 or 1;
}
