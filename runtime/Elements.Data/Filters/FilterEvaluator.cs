using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elements.Data.Errors;
using Elements.Data.Schema;
using Elements.Data.Storage;

namespace Elements.Data.Filters;

/// <summary>
/// Decides in memory whether a row matches a <see cref="Q"/>, with the semantics of the SQL <see cref="FilterCompiler"/>
/// writes: a comparison with a null field is false (so <c>~</c> selects it), <c>!=</c> and <c>nin</c> match nulls,
/// text patterns are contains/prefix/suffix with ASCII-only case folding, date parts are taken in UTC with ISO weeks.
/// Two-valued logic is exact here because the compiled SQL wraps every NOT in <c>COALESCE(..., FALSE)</c>: an unknown
/// comparison is false wherever it could change a result.
/// </summary>
internal static class FilterEvaluator
{
    public static bool Matches(Q filter, ModelSchema schema, JsonObject row) => filter switch
    {
        QGroup g when g.Connector == QConnector.And => g.Children.All(c => Matches(c, schema, row)),
        QGroup g => g.Children.Count == 0 || g.Children.Any(c => Matches(c, schema, row)),
        QNot n => !Matches(n.Inner, schema, row),
        _ => Matches((QCondition)filter, schema, row),
    };

    private static bool Matches(QCondition c, ModelSchema schema, JsonObject row)
    {
        var field = FilterCompiler.ResolveField(c, schema);
        if (field.DataType == DataType.Address || DataTypeTraits.IsJsonList(field.DataType))
        {
            return AddressFilter.Matches(c, field, row[field.Name]);
        }

        var value = FilterCompiler.Operand(field, row[field.Name]);
        switch (c.Operator)
        {
            case "=":
                return c.Value is null ? value is null : value is not null && Compare(value, FilterCompiler.Operand(field, c.Value)) == 0;
            case "!=":
                return c.Value is null ? value is not null : value is null || Compare(value, FilterCompiler.Operand(field, c.Value)) != 0;
            case ">":
                return value is not null && Compare(value, FilterCompiler.Operand(field, c.Value)) > 0;
            case ">=":
                return value is not null && Compare(value, FilterCompiler.Operand(field, c.Value)) >= 0;
            case "<":
                return value is not null && Compare(value, FilterCompiler.Operand(field, c.Value)) < 0;
            case "<=":
                return value is not null && Compare(value, FilterCompiler.Operand(field, c.Value)) <= 0;
            case "in":
            case "nin":
                return In(field, value, (JsonArray)c.Value!, c.Operator == "nin");
            case "like":
                return value is not null && Like(Text(value), FilterCompiler.ContainsText(Pattern(field, c.Value)), Position.Anywhere);
            case "nlike":
                return value is not null && !Like(Text(value), FilterCompiler.ContainsText(Pattern(field, c.Value)), Position.Anywhere);
            case "startswith":
                return value is not null && Like(Text(value), Pattern(field, c.Value), Position.Start);
            case "endswith":
                return value is not null && Like(Text(value), Pattern(field, c.Value), Position.End);
            case "likeany":
            case "nlikeany":
                var patterns = ((JsonArray)c.Value!).Select(p => FilterCompiler.ContainsText(Pattern(field, p))).ToList();
                if (patterns.Count == 0)
                {
                    return c.Operator == "nlikeany";
                }

                if (value is null)
                {
                    return false;
                }

                var any = patterns.Any(p => Like(Text(value), p, Position.Anywhere));
                return c.Operator == "likeany" ? any : !any;
            case "isnull":
                return c.Value!.GetValueKind() == JsonValueKind.True ? value is null : value is not null;
            case "range":
                var pair = (JsonArray)c.Value!;
                if (pair[0] is null && pair[1] is null)
                {
                    return true;
                }

                return value is not null
                    && (pair[0] is null || Compare(value, FilterCompiler.Operand(field, pair[0])) >= 0)
                    && (pair[1] is null || Compare(value, FilterCompiler.Operand(field, pair[1])) <= 0);
            case "year" or "month" or "week" or "day":
                return value is not null && DatePart(value, c.Operator) == c.Value!.GetValue<long>();
            default:
                throw new FilterException($"operator '{c.Operator}' cannot be evaluated on a row");
        }
    }

    private static bool In(FieldDefinition field, object? value, JsonArray list, bool negate)
    {
        var hasNull = list.Any(v => v is null);
        var values = list.Where(v => v is not null).Select(v => FilterCompiler.Operand(field, v)!).ToList();
        if (values.Count == 0)
        {
            return hasNull ? (negate ? value is not null : value is null) : negate;
        }

        if (value is null)
        {
            return negate ? !hasNull : hasNull;
        }

        var found = values.Any(v => Compare(value, v) == 0);
        return negate ? !found : found;
    }

    private static string Pattern(FieldDefinition field, JsonNode? node)
    {
        var pattern = node!.GetValue<string>();
        return ValueCodec.CheckText(pattern) is { } problem ? throw new InvalidValueException(field.Name, problem) : pattern;
    }

    // Text patterns on a non-text field look at the value's JSON form (12.5, true): close to what both databases match.
    private static string Text(object value) => value switch
    {
        string s => s,
        JsonText j => j.Json,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private enum Position
    {
        Anywhere,
        Start,
        End,
    }

    // SQLite's LIKE folds only ASCII letters; the same rule here keeps getCompareResult equal to a query on SQLite.
    private static bool Like(string text, string pattern, Position position)
    {
        if (pattern.Length > text.Length)
        {
            return false;
        }

        switch (position)
        {
            case Position.Start:
                return MatchesAt(text, pattern, 0);
            case Position.End:
                return MatchesAt(text, pattern, text.Length - pattern.Length);
            default:
                for (var i = 0; i + pattern.Length <= text.Length; i++)
                {
                    if (MatchesAt(text, pattern, i))
                    {
                        return true;
                    }
                }

                return false;
        }
    }

    private static bool MatchesAt(string text, string pattern, int offset)
    {
        for (var j = 0; j < pattern.Length; j++)
        {
            var (a, b) = (text[offset + j], pattern[j]);
            if (a != b && !(char.IsAsciiLetter(a) && char.IsAsciiLetter(b) && (a | 0x20) == (b | 0x20)))
            {
                return false;
            }
        }

        return true;
    }

    private static long DatePart(object value, string part)
    {
        var date = value switch
        {
            DateTime instant => instant,
            DateOnly day => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            _ => throw new FilterException($"operator '{part}' requires a Datetime or Date field"),
        };
        return part switch
        {
            "year" => date.Year,
            "month" => date.Month,
            "week" => ISOWeek.GetWeekOfYear(date),
            _ => date.Day,
        };
    }

    private static int Compare(object left, object? right) => (left, right) switch
    {
        (string a, string b) => string.CompareOrdinal(a, b),
        (JsonText a, JsonText b) => string.CompareOrdinal(a.Json, b.Json),
        (long a, long b) => a.CompareTo(b),
        (decimal a, decimal b) => a.CompareTo(b),
        (IComparable a, _) when right is not null && a.GetType() == right.GetType() => a.CompareTo(right),
        _ => throw new FilterException($"cannot compare {left.GetType().Name} with {right?.GetType().Name ?? "null"}"),
    };
}
