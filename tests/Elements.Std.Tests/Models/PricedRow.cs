namespace Elements.Std.Tests.Models;

/// <summary>A typed view of <c>models.Priced</c> rows: a Numeric read as decimal, a Money read as double.</summary>
public sealed class PricedRow
{
    public long Id { get; set; }

    public string? Label { get; set; }

    public decimal Price { get; set; }

    public double Total { get; set; }
}
