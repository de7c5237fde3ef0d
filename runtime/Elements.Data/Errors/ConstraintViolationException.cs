using System.Text.Json.Nodes;

namespace Elements.Data.Errors;

/// <summary>A unique, not-null, foreign-key or check constraint rejected a write; the write was rolled back.</summary>
public sealed class ConstraintViolationException : DataException
{
    public ConstraintViolationException(string table, string kind, string? constraint, IReadOnlyList<string> fields, Exception? inner)
        : base(DataErrorCodes.Constraint, BuildMessage(table, kind, constraint, fields), BuildDetails(table, kind, constraint, fields), inner)
    {
        Table = table;
        Kind = kind;
        Constraint = constraint;
        Fields = fields;
    }

    public string Table { get; }

    /// <summary><c>unique</c>, <c>notNull</c>, <c>foreignKey</c>, <c>check</c> or <c>other</c>.</summary>
    public string Kind { get; }

    public string? Constraint { get; }

    public IReadOnlyList<string> Fields { get; }

    private static string BuildMessage(string table, string kind, string? constraint, IReadOnlyList<string> fields)
    {
        var what = constraint is null ? $"{kind} constraint" : $"{kind} constraint '{constraint}'";
        var on = fields.Count == 0 ? "" : $" on field(s) {string.Join(", ", fields)}";
        return $"Write to '{table}' violates the {what}{on}; nothing was changed.";
    }

    private static JsonObject BuildDetails(string table, string kind, string? constraint, IReadOnlyList<string> fields)
        => new()
        {
            ["table"] = table,
            ["kind"] = kind,
            ["constraint"] = constraint,
            ["fields"] = new JsonArray(fields.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray()),
        };
}
