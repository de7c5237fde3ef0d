using System.Text.Json.Nodes;
using Elements.Configuration;

namespace Elements.Loading.Rules;

/// <summary>Decides an element's effective config: type chain defaults &lt; e.json keys &lt; business config file &lt;
/// host overrides (objects merge key by key, anything else is replaced).</summary>
internal sealed class ConfigLayeringRule(IReadOnlyDictionary<string, JsonObject> overrides)
{
    /// <param name="defaults">The type's effective config; null for a Meta.</param>
    public JsonObject Merge(JsonObject? defaults, RawElement raw)
    {
        var own = overrides.GetValueOrDefault(raw.FullName);
        if ((defaults is null || defaults.Count == 0) && raw.BusinessConfig is null && own is null)
        {
            // The common case: nothing to merge, so the scanned object is used as is.
            return raw.OwnConfig;
        }

        // The element's own layers were read for this merge alone, so their nodes are moved rather than copied.
        var config = defaults is null ? new JsonObject() : (JsonObject)defaults.DeepClone();
        ConfigMerger.MoveInto(config, raw.OwnConfig);
        if (raw.BusinessConfig is not null)
        {
            ConfigMerger.MoveInto(config, raw.BusinessConfig);
        }

        if (own is not null)
        {
            ConfigMerger.MergeInto(config, own);
        }

        return config;
    }
}
