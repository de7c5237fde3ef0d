using System.Text.Json.Nodes;

namespace Elements.Data.Errors;

/// <summary>A model schema is invalid (bad identifier, reserved word, unknown data type, duplicate field...).</summary>
public sealed class SchemaException : DataException
{
    public SchemaException(string message, string? field = null, string? path = null)
        : base(DataErrorCodes.Schema, field is null ? message : $"Field '{field}': {message}", DetailsOf(field, path))
    {
        Field = field;
        Path = path;
        Problem = message;
    }

    public string? Field { get; }

    /// <summary>
    /// Where in the model JSON the problem is, as a path from the model object (<c>fields[3].maxlen</c>,
    /// <c>fields[0].options[2].value</c>), or null when it is not tied to one place. Loaders turn it into file(line,col).
    /// </summary>
    public string? Path { get; }

    /// <summary>The message without the field prefix.</summary>
    public string Problem { get; }

    private static JsonObject? DetailsOf(string? field, string? path)
    {
        if (field is null && path is null)
        {
            return null;
        }

        var details = new JsonObject();
        if (field is not null)
        {
            details["field"] = field;
        }

        if (path is not null)
        {
            details["path"] = path;
        }

        return details;
    }
}
