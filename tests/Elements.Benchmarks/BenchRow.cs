namespace Elements.Benchmarks;

/// <summary>A row of the benchmark model, mapped by Dapper on both the raw and the typed model path.</summary>
public sealed class BenchRow
{
    public long Id { get; set; }

    public string? Name { get; set; }

    public string? Email { get; set; }

    public long Age { get; set; }

    public double Score { get; set; }

    public bool Active { get; set; }

    public string? CreatedAt { get; set; }
}
