using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;

namespace Elements.Configuration;

/// <summary>
/// Reads the host's per-element config overrides, the last and strongest config layer. Layout: one section per
/// element under <see cref="Hosting.ElementsOptions.OverridesSection"/> (default <c>Elements:Overrides</c>), keyed by
/// full name, e.g. <c>Elements:Overrides:auths.loginTypes.MyWechatLogin:appSecret</c> or the environment variable
/// <c>Elements__Overrides__auths.loginTypes.MyWechatLogin__appSecret</c>.
/// </summary>
internal static class HostOverrides
{
    public static IReadOnlyDictionary<string, JsonObject> Read(IConfiguration? configuration, string sectionPath)
    {
        var result = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        if (configuration is null)
        {
            return result;
        }

        foreach (var element in configuration.GetSection(sectionPath).GetChildren())
        {
            if (ToNode(element) is JsonObject obj)
            {
                result[element.Key] = obj;
            }
        }

        return result;
    }

    private static JsonNode? ToNode(IConfigurationSection section)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            return section.Value is null ? null : Scalar(section.Value);
        }

        // Configuration flattens arrays to keys 0..n-1; turn them back into a JSON array.
        if (children.All(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            return new JsonArray([.. children.OrderBy(c => int.Parse(c.Key, CultureInfo.InvariantCulture)).Select(ToNode)]);
        }

        var obj = new JsonObject();
        foreach (var child in children)
        {
            obj[child.Key] = ToNode(child);
        }

        return obj;
    }

    // Configuration values are strings; give numbers and booleans their JSON kind so they bind to int/bool properties.
    private static JsonNode Scalar(string value)
    {
        if (bool.TryParse(value, out var flag))
        {
            return JsonValue.Create(flag);
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(value);
    }
}
