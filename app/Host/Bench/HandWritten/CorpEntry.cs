namespace Elements.Host.Bench.HandWritten;

/// <summary>One organisation of the user, as the host's <c>corpList</c> has it (mapped by Dapper).</summary>
internal sealed class CorpEntry
{
    public long CorpId { get; set; }

    public string? Name { get; set; }

    public string? Role { get; set; }
}
