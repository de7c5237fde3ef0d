namespace Elements.Data.Errors;

/// <summary>
/// A caller limited to its own rows (<see cref="OwnerScope"/>) tried to write a row for another owner, or to create a
/// row while owning nothing. Code <see cref="DataErrorCodes.Forbidden"/>; the message names the field, never the
/// other owner's rows.
/// </summary>
public sealed class RowForbiddenException : DataException
{
    public RowForbiddenException(string field, string message)
        : base(DataErrorCodes.Forbidden, message, new System.Text.Json.Nodes.JsonObject { ["field"] = field })
    {
        Field = field;
    }

    public string Field { get; }
}
