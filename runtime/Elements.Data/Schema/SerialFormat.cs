namespace Elements.Data.Schema;

/// <summary>
/// How a Serial field numbers rows: <c>&lt;prefix&gt;&lt;value of fieldId&gt;&lt;connector&gt;&lt;date in
/// dateTimeFormat&gt;&lt;counter&gt;</c>, the counter zero-padded to <see cref="IncNum"/> digits and starting at
/// <see cref="StartNumber"/> for each distinct text before it (so it restarts every day with a daily format).
/// </summary>
public sealed record SerialFormat
{
    public static readonly SerialFormat Default = new();

    public string Prefix { get; init; } = "";

    public string Connector { get; init; } = "";

    /// <summary>JitAi tokens <c>YYYY YY MM DD HH mm ss</c> (UTC); empty for no date.</summary>
    public string DateTimeFormat { get; init; } = "YYYYMMDD";

    public int IncNum { get; init; } = 2;

    public long StartNumber { get; init; } = 1;

    /// <summary>A field of the same model whose value follows the prefix, or null.</summary>
    public string? FieldId { get; init; }
}
