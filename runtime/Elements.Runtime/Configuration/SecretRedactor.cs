using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Elements.Configuration;

/// <summary>
/// Masks secrets before anything is shown: <c>ToString()</c>, logs, CLI output and exception messages. A key is
/// secret when its config class property carries <see cref="SecretAttribute"/>, or when its name contains
/// secret, password, token, sessionKey or apiKey (case-insensitive) whatever the class says.
/// </summary>
public static class SecretRedactor
{
    public const string Mask = "***";

    private static readonly string[] SecretWords = ["secret", "password", "token", "sessionkey", "apikey"];
    // Weak keys: config classes of compiled element code are collectible.
    private static readonly ConditionalWeakTable<Type, Dictionary<string, PropertyInfo>> PropertiesByType = new();

    /// <summary>True when the key's name alone marks it as a secret.</summary>
    public static bool IsSecretKey(string key)
    {
        foreach (var word in SecretWords)
        {
            if (key.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A deep copy of <paramref name="config"/> with every secret value replaced by <see cref="Mask"/>.</summary>
    public static JsonObject Redact(JsonObject config, Type? configType = null) => (JsonObject)RedactNode(config, configType)!;

    /// <summary>Replaces every secret value of <paramref name="config"/> that occurs in <paramref name="text"/> by
    /// <see cref="Mask"/>: messages built from third-party exceptions may echo a value they were given.</summary>
    public static string Scrub(string text, JsonObject config, Type? configType = null)
    {
        foreach (var value in SecretValues(config, configType))
        {
            // Very short values would mask unrelated text; they are not worth protecting by substitution.
            if (value.Length >= 4)
            {
                text = text.Replace(value, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }

    private static JsonNode? RedactNode(JsonNode? node, Type? type)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    var property = FindProperty(type, key);
                    copy[key] = IsSecretKey(key) || property?.IsDefined(typeof(SecretAttribute), true) == true
                        ? value is null ? null : JsonValue.Create(Mask)
                        : RedactNode(value, property is null ? null : ElementTypeOf(property.PropertyType));
                }

                return copy;
            case JsonArray array:
                return new JsonArray([.. array.Select(item => RedactNode(item, type))]);
            default:
                return node?.DeepClone();
        }
    }

    private static IEnumerable<string> SecretValues(JsonNode? node, Type? type)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    var property = FindProperty(type, key);
                    if (IsSecretKey(key) || property?.IsDefined(typeof(SecretAttribute), true) == true)
                    {
                        foreach (var leaf in Leaves(value))
                        {
                            yield return leaf;
                        }
                    }
                    else
                    {
                        foreach (var nested in SecretValues(value, property is null ? null : ElementTypeOf(property.PropertyType)))
                        {
                            yield return nested;
                        }
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    foreach (var nested in SecretValues(item, type))
                    {
                        yield return nested;
                    }
                }

                break;
        }
    }

    private static IEnumerable<string> Leaves(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => Leaves(p.Value)),
        JsonArray array => array.SelectMany(Leaves),
        JsonValue value => [value.ToString()],
        _ => [],
    };

    // Collections of config objects keep looking at their element type so nested [Secret] marks still apply.
    private static Type ElementTypeOf(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType()!;
        }

        if (type != typeof(string) && type.IsGenericType && type.GetGenericArguments() is [var single])
        {
            return single;
        }

        return Nullable.GetUnderlyingType(type) ?? type;
    }

    private static PropertyInfo? FindProperty(Type? type, string key)
    {
        if (type is null || type == typeof(string) || type.IsPrimitive)
        {
            return null;
        }

        var properties = PropertiesByType.GetValue(type, static t =>
        {
            var map = new Dictionary<string, PropertyInfo>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                map.TryAdd(property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? property.Name, property);
            }

            return map;
        });
        return properties.GetValueOrDefault(key);
    }
}
