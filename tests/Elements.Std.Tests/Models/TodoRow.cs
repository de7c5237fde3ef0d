namespace Elements.Std.Tests.Models;

/// <summary>A typed view of <c>models.Todo</c> rows (a subset of the columns) for Dapper mapping.</summary>
public sealed class TodoRow
{
    public long Id { get; set; }

    public string? Title { get; set; }

    public string? Code { get; set; }

    public long? Priority { get; set; }
}
