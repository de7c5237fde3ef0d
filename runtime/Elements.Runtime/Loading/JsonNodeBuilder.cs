using System.Text.Json;
using System.Text.Json.Nodes;

namespace Elements.Loading;

/// <summary>
/// Copies a <see cref="JsonElement"/> into an eager <see cref="JsonNode"/> tree, rewriting string values on the way
/// (placeholders) while it knows each value's JSON path. Cheaper than lazily wrapped nodes, which the merge would
/// materialise anyway. Numbers keep pointing into the element's document, which must therefore outlive the nodes (pass a cloned element).
/// </summary>
internal static class JsonNodeBuilder
{
    public delegate string StringRewriter(string value, IReadOnlyList<object> path);

    public static JsonNode? Build(JsonElement element, StringRewriter? rewrite, List<object> path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    path.Add(property.Name);
                    obj[property.Name] = Build(property.Value, rewrite, path);
                    path.RemoveAt(path.Count - 1);
                }

                return obj;
            case JsonValueKind.Array:
                var array = new JsonArray();
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    path.Add(index++);
                    array.Add(Build(item, rewrite, path));
                    path.RemoveAt(path.Count - 1);
                }

                return array;
            case JsonValueKind.String:
                var text = element.GetString()!;
                return JsonValue.Create(rewrite is not null && text.Contains("{{", StringComparison.Ordinal) ? rewrite(text, path) : text);
            case JsonValueKind.Number:
                // Kept as a JsonElement so GetValue<int>, <long>, <decimal>... all work, as they do on parsed nodes
                // (a JsonValue<long> would refuse GetValue<int>). The caller passes a cloned element for that.
                return JsonValue.Create(element);
            case JsonValueKind.True:
                return JsonValue.Create(true);
            case JsonValueKind.False:
                return JsonValue.Create(false);
            default:
                return null;
        }
    }
}
