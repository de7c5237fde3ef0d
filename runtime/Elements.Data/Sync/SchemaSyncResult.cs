namespace Elements.Data.Sync;

/// <summary>What <see cref="Database.SyncSchemaAsync"/> did and noticed.</summary>
public sealed class SchemaSyncResult
{
    internal SchemaSyncResult(string table, bool createdTable, IReadOnlyList<string> addedColumns,
        IReadOnlyList<string> addedIndexes, IReadOnlyList<SchemaDiagnostic> diagnostics)
    {
        Table = table;
        CreatedTable = createdTable;
        AddedColumns = addedColumns;
        AddedIndexes = addedIndexes;
        Diagnostics = diagnostics;
    }

    public string Table { get; }

    public bool CreatedTable { get; }

    public IReadOnlyList<string> AddedColumns { get; }

    public IReadOnlyList<string> AddedIndexes { get; }

    public IReadOnlyList<SchemaDiagnostic> Diagnostics { get; }

    /// <summary>This result with <paramref name="more"/> diagnostics (what the layers above the table noticed).</summary>
    public SchemaSyncResult With(IEnumerable<SchemaDiagnostic> more)
    {
        ArgumentNullException.ThrowIfNull(more);
        var added = more.ToList();
        return added.Count == 0 ? this : new SchemaSyncResult(Table, CreatedTable, AddedColumns, AddedIndexes, [.. Diagnostics, .. added]);
    }

    /// <summary>True when sync changed the database (false on an idempotent re-run).</summary>
    public bool Changed => CreatedTable || AddedColumns.Count > 0 || AddedIndexes.Count > 0;
}
