namespace Elements.Benchmarks;

/// <summary>One group of the groupBy benchmark: rows per age and the sum of their scores.</summary>
public sealed class AgeTotal
{
    public long Age { get; set; }

    public decimal Total { get; set; }

    public long N { get; set; }
}
