namespace Elements.Data.Storage;

/// <summary>What a model operation needs from its connection.</summary>
internal enum LeaseKind
{
    /// <summary>Reads only; no transaction.</summary>
    Read,
    /// <summary>One write statement: atomic by itself, but the dialect may still want a transaction around it.</summary>
    Statement,
    /// <summary>Several statements that must be all-or-nothing.</summary>
    Transaction,
}
