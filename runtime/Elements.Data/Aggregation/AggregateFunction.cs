namespace Elements.Data.Aggregation;

/// <summary>Column aggregates of <c>groupBy</c>, <c>aggregate</c> and <c>statisticFieldData</c>, by JitAi's names
/// (<c>COUNT</c>, <c>SUM</c>, <c>AVG</c>, <c>MIN</c>, <c>MAX</c>) plus a distinct count.</summary>
public enum AggregateFunction
{
    /// <summary>Rows (<c>COUNT(*)</c>) or non-null values of a field.</summary>
    Count,
    /// <summary>Distinct non-null values of a field (<c>COUNT_DISTINCT</c>, FORMULA's <c>DISTINCT</c>).</summary>
    CountDistinct,
    Sum,
    Avg,
    Min,
    Max,
}
