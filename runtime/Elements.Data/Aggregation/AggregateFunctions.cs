using Elements.Data.Errors;

namespace Elements.Data.Aggregation;

/// <summary>Names of <see cref="AggregateFunction"/> as JitAi writes them, case-insensitive.</summary>
public static class AggregateFunctions
{
    private static readonly Dictionary<string, AggregateFunction> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["COUNT"] = AggregateFunction.Count,
        ["COUNTFIELD"] = AggregateFunction.Count,
        ["COUNT_DISTINCT"] = AggregateFunction.CountDistinct,
        ["DISTINCT"] = AggregateFunction.CountDistinct,
        ["SUM"] = AggregateFunction.Sum,
        ["COLSUM"] = AggregateFunction.Sum,
        ["AVG"] = AggregateFunction.Avg,
        ["AVERAGE"] = AggregateFunction.Avg,
        ["COLAVG"] = AggregateFunction.Avg,
        ["MIN"] = AggregateFunction.Min,
        ["COLMIN"] = AggregateFunction.Min,
        ["MAX"] = AggregateFunction.Max,
        ["COLMAX"] = AggregateFunction.Max,
    };

    public static bool TryParse(string name, out AggregateFunction function) => Names.TryGetValue(name, out function);

    /// <exception cref="InvalidValueException">Not an aggregate name.</exception>
    public static AggregateFunction Parse(string name) => TryParse(name, out var function)
        ? function
        : throw new InvalidValueException(null, $"unknown aggregate '{Shorten(name)}' (known: COUNT, SUM, AVG, MIN, MAX, COUNT_DISTINCT)");

    /// <summary>The SQL name, also the default result key prefix (<c>sum_amount</c>).</summary>
    public static string SqlName(this AggregateFunction function) => function switch
    {
        AggregateFunction.Count => "COUNT",
        AggregateFunction.CountDistinct => "COUNT_DISTINCT",
        AggregateFunction.Sum => "SUM",
        AggregateFunction.Avg => "AVG",
        AggregateFunction.Min => "MIN",
        _ => "MAX",
    };

    internal static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
