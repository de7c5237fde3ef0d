using System.Text.Json.Nodes;

namespace Elements.Data.Errors;

/// <summary>A value does not fit its field's data type (wrong JSON kind, too long, unparsable date...).</summary>
public sealed class InvalidValueException : DataException
{
    public InvalidValueException(string? field, string message)
        : base(DataErrorCodes.BadValue, field is null ? message : $"Field '{field}': {message}",
            field is null ? null : new JsonObject { ["field"] = field })
    {
        Field = field;
    }

    public string? Field { get; }
}
