namespace Elements.Data.Storage;

/// <summary>Serialized JSON destined for a JitDict column (so dialects can bind it as jsonb rather than text).</summary>
internal sealed record JsonText(string Json);
