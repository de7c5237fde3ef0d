using System.Text.Json.Nodes;

namespace Elements.Std.Models;

/// <summary>The named arguments of a model element's JSON function, as <see cref="Elements.Data.Storage.ModelFunctions"/> takes them.</summary>
internal static class ModelArguments
{
    /// <summary>Arguments left out (null) are absent; each node is detached, because the caller's node may belong to
    /// another tree (or be reused after the call).</summary>
    public static JsonObject From((string Name, JsonNode? Value)[] args)
    {
        var json = new JsonObject();
        foreach (var (name, value) in args)
        {
            if (value is not null)
            {
                json[name] = value.Parent is null ? value : value.DeepClone();
            }
        }

        return json;
    }
}
