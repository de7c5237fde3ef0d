namespace Elements.Data.Sync;

/// <summary>
/// Something schema sync noticed but deliberately did not change. Codes: <c>TYPE_DRIFT</c> (column type differs from
/// the model), <c>EXTRA_COLUMN</c> (column not in the model; kept), <c>MISSING_PRIMARY_KEY</c> (cannot add a key
/// column to an existing table), <c>UNIQUE_FAILED</c> (existing rows violate a new unique index); layers above add
/// their own (<c>EVENT_UNKNOWN_FIELD</c>: a model event watches a field the model does not have).
/// </summary>
public sealed record SchemaDiagnostic(string Code, string Table, string? Field, string Message, string? Expected = null, string? Actual = null);
