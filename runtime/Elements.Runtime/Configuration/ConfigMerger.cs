using System.Text.Json.Nodes;

namespace Elements.Configuration;

/// <summary>
/// Deep merge of config layers: objects merge key by key, anything else (arrays included) is replaced by the later
/// layer. Arrays replace rather than concatenate so an instance can shorten a list its Type defaults.
/// </summary>
internal static class ConfigMerger
{
    /// <summary>Merges <paramref name="layer"/> into <paramref name="target"/>, copying the nodes it takes.</summary>
    public static void MergeInto(JsonObject target, JsonObject layer)
    {
        foreach (var (key, value) in layer)
        {
            if (value is JsonObject source && target[key] is JsonObject existing)
            {
                MergeInto(existing, source);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }

    /// <summary>Like <see cref="MergeInto"/> but takes the nodes out of <paramref name="layer"/> instead of copying them:
    /// for layers read for this merge only, which saves a deep copy per element on cold load.</summary>
    public static void MoveInto(JsonObject target, JsonObject layer)
    {
        foreach (var key in layer.Select(p => p.Key).ToList())
        {
            var value = layer[key];
            if (value is JsonObject source && target[key] is JsonObject existing)
            {
                MoveInto(existing, source);
                continue;
            }

            layer.Remove(key);
            target[key] = value;
        }
    }
}
