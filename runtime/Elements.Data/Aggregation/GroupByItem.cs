using System.Text.RegularExpressions;
using Elements.Data.Errors;

namespace Elements.Data.Aggregation;

/// <summary>
/// One entry of <c>groupBy</c>'s <c>fieldList</c>: a field to group by (<c>"status"</c>), a date part of a Date or
/// Datetime field to group by (<c>"createdAt__month"</c> or <c>"MONTH(createdAt)"</c>), or an aggregate
/// (<c>"COUNT(*) as count"</c>, <c>"SUM(amount) as total"</c>, <c>"AVG(F('age'))"</c>). <see cref="Key"/> is the key of the
/// value in each result row: the alias after <c>as</c>, else the field name, <c>field__part</c>, <c>count</c> for
/// <c>COUNT(*)</c> and <c>sum_amount</c> style for other aggregates.
/// </summary>
public sealed partial record GroupByItem
{
    /// <summary>Longest entry text accepted (a field, a function and an alias need far less).</summary>
    public const int MaxLength = 256;

    private static readonly string[] DateParts = ["year", "month", "week", "day"];

    private GroupByItem(string key, string? field, string? datePart, AggregateFunction? function)
    {
        // The key names a result column in SQL (always quoted) and a property of each row.
        if (!Identifier().IsMatch(key))
        {
            throw new InvalidValueException(null, $"'{AggregateFunctions.Shorten(key)}' cannot name a result: use letters, digits and '_' (at most 63, not starting with a digit)");
        }

        Key = key;
        Field = field;
        DatePart = datePart;
        Function = function;
    }

    /// <summary>Key of the value in each result row.</summary>
    public string Key { get; }

    /// <summary>The field grouped by or aggregated; null for <c>COUNT(*)</c>.</summary>
    public string? Field { get; }

    /// <summary><c>year</c>, <c>month</c>, <c>week</c> (ISO) or <c>day</c> when grouping by a date part.</summary>
    public string? DatePart { get; }

    /// <summary>The aggregate; null for a grouping entry.</summary>
    public AggregateFunction? Function { get; }

    public bool IsAggregate => Function is not null;

    public static GroupByItem GroupBy(string field, string? alias = null) => new(alias ?? field, field, null, null);

    public static GroupByItem GroupByDatePart(string field, string part, string? alias = null)
    {
        if (!DateParts.Contains(part, StringComparer.Ordinal))
        {
            throw new InvalidValueException(field, $"unknown date part '{part}' (known: {string.Join(", ", DateParts)})");
        }

        return new(alias ?? $"{field}__{part}", field, part, null);
    }

    /// <summary>An aggregate; <paramref name="field"/> null means <c>COUNT(*)</c>.</summary>
    public static GroupByItem Aggregate(AggregateFunction function, string? field, string? alias = null)
    {
        if (field is null && function != AggregateFunction.Count)
        {
            throw new InvalidValueException(null, $"{function.SqlName()}(*) is not an aggregate; name a field");
        }

        var key = alias ?? (field is null ? "count" : $"{function.SqlName().ToLowerInvariant()}_{field}");
        return new(key, field, null, function);
    }

    /// <summary>Parses one fieldList entry (see the type's summary).</summary>
    /// <exception cref="InvalidValueException">Not one of the forms.</exception>
    public static GroupByItem Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
        {
            throw new InvalidValueException(null, $"a groupBy entry is at most {MaxLength} characters");
        }

        var m = Syntax().Match(text);
        if (!m.Success)
        {
            throw new InvalidValueException(null,
                $"groupBy entry '{AggregateFunctions.Shorten(text)}' is not a field, 'field__year|month|week|day' or 'FUNC(field|*) [as alias]'");
        }

        var alias = m.Groups["alias"].Success ? m.Groups["alias"].Value : null;
        if (m.Groups["field"].Success)
        {
            var name = m.Groups["field"].Value;
            var cut = name.LastIndexOf("__", StringComparison.Ordinal);
            return cut > 0 && DateParts.Contains(name[(cut + 2)..], StringComparer.Ordinal)
                ? GroupByDatePart(name[..cut], name[(cut + 2)..], alias)
                : GroupBy(name, alias);
        }

        var function = m.Groups["fn"].Value;
        var argument = m.Groups["farg"].Success ? m.Groups["farg"].Value : m.Groups["arg"].Value;
        var part = function.ToLowerInvariant();
        if (DateParts.Contains(part, StringComparer.Ordinal))
        {
            return argument == "*"
                ? throw new InvalidValueException(null, $"{function}(*) needs a Date or Datetime field")
                : GroupByDatePart(argument, part, alias);
        }

        return Aggregate(AggregateFunctions.Parse(function), argument == "*" ? null : argument, alias);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();

    [GeneratedRegex("""
        ^\s*(?:
            (?<fn>[A-Za-z_]+)\s*\(\s*(?:(?<arg>\*|[A-Za-z_][A-Za-z0-9_]*)|F\(\s*(?<q>['"])(?<farg>[A-Za-z_][A-Za-z0-9_]*)\k<q>\s*\))\s*\)
            |(?<field>[A-Za-z_][A-Za-z0-9_]*)
        )(?:\s+as\s+(?<alias>[A-Za-z_][A-Za-z0-9_]*))?\s*$
        """, RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Syntax();
}
