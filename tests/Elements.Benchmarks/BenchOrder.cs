namespace Elements.Benchmarks;

/// <summary>An order of the join benchmark, mapped by Dapper on both the raw and the typed model path.</summary>
public sealed class BenchOrder
{
    public long Id { get; set; }

    public string? Item { get; set; }

    public long Qty { get; set; }

    public long Person { get; set; }
}
