using System.Text.Json.Nodes;

namespace Elements.Data.Errors;

/// <summary>A row, filter, field list or order list named a field the model does not declare.</summary>
public sealed class UnknownFieldException : DataException
{
    /// <param name="reason">For a relation path, which part of it is wrong.</param>
    public UnknownFieldException(string table, string field, string? reason = null)
        : base(DataErrorCodes.UnknownField, $"Model '{table}' has no field '{Truncate(field)}'{(reason is null ? "" : ": " + reason)}.",
            new JsonObject { ["table"] = table, ["field"] = Truncate(field) })
    {
        Table = table;
        Field = field;
    }

    public string Table { get; }

    public string Field { get; }

    // A hostile caller may send a megabyte-long "field name"; keep errors readable.
    private static string Truncate(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
