using System.Text.Json.Nodes;

namespace Elements.Data.Errors;

/// <summary>A model schema is invalid (bad identifier, reserved word, unknown data type, duplicate field...).</summary>
public sealed class SchemaException : DataException
{
    public SchemaException(string message, string? field = null)
        : base(DataErrorCodes.Schema, field is null ? message : $"Field '{field}': {message}",
            field is null ? null : new JsonObject { ["field"] = field })
    {
        Field = field;
    }

    public string? Field { get; }
}
