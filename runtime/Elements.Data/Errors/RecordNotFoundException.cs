using System.Text.Json.Nodes;

namespace Elements.Data.Errors;

/// <summary>An operation addressed a row by primary key and no such row exists.</summary>
public sealed class RecordNotFoundException : DataException
{
    public RecordNotFoundException(string table, JsonNode? key)
        : base(DataErrorCodes.NotFound, $"No row in '{table}' with primary key {key?.ToJsonString() ?? "null"}.",
            new JsonObject { ["table"] = table, ["pk"] = key?.DeepClone() })
    {
    }
}
