using System.Text.Json.Nodes;

namespace Elements.Data.Errors;

/// <summary>Base of every data-layer error. Messages never contain connection strings or passwords.</summary>
public class DataException : ElementException
{
    private readonly JsonObject? _details;

    public DataException(string code, string message, JsonObject? details = null, Exception? innerException = null)
        : base(code, message, innerException)
    {
        _details = details;
    }

    public override JsonObject? Details => _details?.DeepClone().AsObject();
}
