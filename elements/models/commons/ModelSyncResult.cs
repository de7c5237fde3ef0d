using Elements.Data.Sync;

namespace Elements.Std.Models;

/// <summary>The outcome of syncing one model: the sync result, or the error that stopped it (code and message, no secrets).</summary>
public sealed record ModelSyncResult(string Model, string? Database, string? Table, SchemaSyncResult? Result, string? ErrorCode = null,
    string? ErrorMessage = null)
{
    public bool Succeeded => Result is not null;

    /// <summary>Drift and other problems the sync reported but did not fix.</summary>
    public IReadOnlyList<SchemaDiagnostic> Diagnostics => Result?.Diagnostics ?? [];
}
