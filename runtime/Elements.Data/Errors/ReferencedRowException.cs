using System.Text.Json.Nodes;

namespace Elements.Data.Errors;

/// <summary>
/// A delete was refused because rows of another model still point at the row through a RelateData field whose
/// <c>onDelete</c> is <c>restrict</c> (the default); nothing was deleted.
/// </summary>
public sealed class ReferencedRowException : DataException
{
    public ReferencedRowException(string table, string? referencingTable, string? referencingField, Exception? inner)
        : base(DataErrorCodes.Referenced, BuildMessage(table, referencingTable, referencingField),
            new JsonObject { ["table"] = table, ["referencingTable"] = referencingTable, ["referencingField"] = referencingField }, inner)
    {
        Table = table;
        ReferencingTable = referencingTable;
        ReferencingField = referencingField;
    }

    public string Table { get; }

    /// <summary>The table of the rows pointing here, when the database named it (PostgreSQL does, SQLite does not).</summary>
    public string? ReferencingTable { get; }

    public string? ReferencingField { get; }

    private static string BuildMessage(string table, string? referencingTable, string? referencingField)
    {
        var by = referencingTable is null
            ? "rows of another model"
            : referencingField is null ? $"rows of '{referencingTable}'" : $"rows of '{referencingTable}' (field '{referencingField}')";
        return $"Cannot delete from '{table}': {by} still refer to the row (onDelete: restrict); nothing was deleted.";
    }
}
