using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Elements.Data.Errors;
using Elements.Data.Schema;

namespace Elements.Data.Storage.Codecs;

/// <summary>
/// Validation of the JitAi types with rules beyond their storage: Phone, the choice types, Address, File/Image and
/// Time. Each returns the normalized value to store or throws <see cref="InvalidValueException"/> naming the field.
/// </summary>
internal static partial class StructuredValues
{
    /// <summary>Address parts, in the order rows are written.</summary>
    public static readonly string[] AddressParts = ["province", "city", "district", "detail"];

    private static readonly string[] FileKeys = ["name", "url", "size", "type"];

    [GeneratedRegex(@"^[0-9]{11}$", RegexOptions.CultureInvariant)]
    private static partial Regex Eleven();

    [GeneratedRegex(@"^[0-9]{8,11}$", RegexOptions.CultureInvariant)]
    private static partial Regex Eight();

    // Optional area code (0 + 2-3 digits) with an optional '-', 7-8 digit number, optional '-' extension.
    [GeneratedRegex(@"^(0[0-9]{2,3}-?)?[0-9]{7,8}(-[0-9]{1,6})?$", RegexOptions.CultureInvariant)]
    private static partial Regex Tel();

    public static void CheckPhone(FieldDefinition field, string s)
    {
        var rule = field.EffectiveRules;
        var ok = rule switch
        {
            PhoneRule.Eleven => Eleven().IsMatch(s),
            PhoneRule.Eight => Eight().IsMatch(s),
            PhoneRule.Tel => Tel().IsMatch(s),
            _ => Eleven().IsMatch(s) || Tel().IsMatch(s),
        };
        if (!ok)
        {
            var expected = rule switch
            {
                PhoneRule.Eleven => "11 digits",
                PhoneRule.Eight => "8 to 11 digits",
                PhoneRule.Tel => "a landline such as 010-12345678 or 0755-1234567-89",
                _ => "11 digits or a landline such as 010-12345678",
            };
            throw new InvalidValueException(field.Name, $"'{Shorten(s)}' is not a phone number under rules '{RuleName(rule)}': expected {expected}");
        }
    }

    public static void CheckChoice(FieldDefinition field, string s)
    {
        if (!field.AllowManualInput && !(field.Options ?? []).Any(o => o.Value == s))
        {
            throw new InvalidValueException(field.Name, $"'{Shorten(s)}' is not one of the options ({OptionList(field)})");
        }
    }

    /// <summary>MultiRadio/MultiDropdown: a list of distinct option values.</summary>
    public static JsonText MultiChoice(FieldDefinition field, JsonNode node)
    {
        var list = ParseJson(field, node) as JsonArray ?? throw new InvalidValueException(field.Name, $"expected a list of option values ({field.DataType})");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list)
        {
            if (item?.GetValueKind() != JsonValueKind.String)
            {
                throw new InvalidValueException(field.Name, $"expected a list of option values ({field.DataType}), got an item {Shorten(item?.ToJsonString() ?? "null")}");
            }

            var s = item.GetValue<string>();
            Text(field, s, FieldDefinition.DefaultMaxLen);
            CheckChoice(field, s);
            if (!seen.Add(s))
            {
                throw new InvalidValueException(field.Name, $"'{Shorten(s)}' is chosen twice");
            }
        }

        var max = field.DataType == DataType.MultiDropdown && !field.Limit ? int.MaxValue : field.EffectiveMaxCount;
        CheckCount(field, list.Count, max);
        return new JsonText(list.ToJsonString());
    }

    /// <summary>Address: an object of the four parts, each a string or null; parts outside addressFormat refused.</summary>
    public static JsonText Address(FieldDefinition field, JsonNode node)
    {
        var o = ParseJson(field, node) as JsonObject
            ?? throw new InvalidValueException(field.Name, "expected an address object {\"province\", \"city\", \"district\", \"detail\"}");
        var allowed = field.EffectiveAddressFormat switch
        {
            "p" => 1,
            "pc" => 2,
            _ => 3,
        };
        var normalized = new JsonObject();
        foreach (var (key, value) in o)
        {
            var index = Array.IndexOf(AddressParts, key);
            if (index < 0)
            {
                throw new InvalidValueException(field.Name, $"'{Shorten(key)}' is not an address part; parts: {string.Join(", ", AddressParts)}");
            }

            if (value is not null && value.GetValueKind() != JsonValueKind.String)
            {
                throw new InvalidValueException(field.Name, $"address part '{key}' must be a string or null");
            }

            var text = value?.GetValue<string>();
            if (!string.IsNullOrEmpty(text))
            {
                if (index < 3 && index >= allowed)
                {
                    throw new InvalidValueException(field.Name, $"address part '{key}' is not part of addressFormat '{field.EffectiveAddressFormat}'");
                }

                if (index == 3 && field.Detail == false)
                {
                    throw new InvalidValueException(field.Name, "this address takes no 'detail' (detail: false)");
                }

                Text(field, text, index == 3 ? 1000 : 100);
            }

            normalized[key] = text;
        }

        return new JsonText(normalized.ToJsonString());
    }

    /// <summary>File/Image: a list of <c>{name, url, size, type}</c>.</summary>
    public static JsonText Files(FieldDefinition field, JsonNode node)
    {
        var list = ParseJson(field, node) as JsonArray
            ?? throw new InvalidValueException(field.Name, $"expected a list of {{\"name\", \"url\", \"size\", \"type\"}} ({field.DataType})");
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject entry)
            {
                throw new InvalidValueException(field.Name, $"item {i} must be an object {{\"name\", \"url\", \"size\", \"type\"}}");
            }

            foreach (var (key, _) in entry)
            {
                if (!FileKeys.Contains(key, StringComparer.Ordinal))
                {
                    throw new InvalidValueException(field.Name, $"item {i}: '{Shorten(key)}' is not a key of a {field.DataType} entry; keys: {string.Join(", ", FileKeys)}");
                }
            }

            var name = Required(field, entry, "name", i);
            Text(field, name, 255);
            var url = Required(field, entry, "url", i);
            Text(field, url, 2048);
            if (!SafeUrl(url))
            {
                throw new InvalidValueException(field.Name, $"item {i}: url must be an http(s) URL or a path starting with '/'");
            }

            if (entry["size"] is not JsonValue sizeNode || sizeNode.GetValueKind() != JsonValueKind.Number
                || !sizeNode.TryGetValue<long>(out var size) || size < 0)
            {
                throw new InvalidValueException(field.Name, $"item {i}: 'size' must be a whole number of bytes");
            }

            if (size > field.EffectiveMaxSizeMb * 1024L * 1024L)
            {
                throw new InvalidValueException(field.Name, $"item {i} is {size} bytes, at most {field.EffectiveMaxSizeMb} MB allowed");
            }

            if (entry["type"] is { } typeNode)
            {
                if (typeNode.GetValueKind() != JsonValueKind.String)
                {
                    throw new InvalidValueException(field.Name, $"item {i}: 'type' must be a media type such as image/png");
                }

                var type = typeNode.GetValue<string>();
                Text(field, type, 255);
                if (field.DataType == DataType.Image && !type.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidValueException(field.Name, $"item {i}: an Image's type must be image/..., not '{Shorten(type)}'");
                }
            }
        }

        CheckCount(field, list.Count, field.EffectiveMaxCount);
        return new JsonText(list.ToJsonString());
    }

    /// <summary>A stored value with its object keys in the documented order: PostgreSQL's jsonb keeps keys sorted by
    /// length, SQLite keeps them as written, and rows must read the same from both.</summary>
    public static JsonNode? Canonical(FieldDefinition field, JsonNode? stored) => (field.DataType, stored) switch
    {
        (DataType.Address, JsonObject o) => Ordered(o, AddressParts),
        (DataType.File or DataType.Image, JsonArray list) => new JsonArray([.. list.Select(e => e is JsonObject o ? Ordered(o, FileKeys) : e?.DeepClone())]),
        _ => stored,
    };

    private static JsonObject Ordered(JsonObject o, string[] order)
    {
        var result = new JsonObject();
        foreach (var key in order)
        {
            if (o.TryGetPropertyValue(key, out var value))
            {
                result[key] = value?.DeepClone();
            }
        }

        return result;
    }

    /// <summary>Time of day as <c>HH:mm:ss</c> (or <c>HH:mm</c>); whole seconds, so both databases hold the same value.</summary>
    public static bool TryParseTime(string s, out TimeOnly time)
        => TimeOnly.TryParseExact(s, ["HH:mm:ss", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    public static string FormatTime(TimeOnly t) => t.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    private static bool SafeUrl(string url)
        => (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal))
            || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp));

    private static string Required(FieldDefinition field, JsonObject entry, string key, int i)
        => entry[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length > 0
            ? v.GetValue<string>()
            : throw new InvalidValueException(field.Name, $"item {i}: '{key}' must be a non-empty string");

    private static void CheckCount(FieldDefinition field, int count, int max)
    {
        if (count > max)
        {
            throw new InvalidValueException(field.Name, $"{count} items, at most {max} allowed (maxCount)");
        }
    }

    private static void Text(FieldDefinition field, string s, int max)
    {
        if (ValueCodec.CheckText(s) is { } problem)
        {
            throw new InvalidValueException(field.Name, problem);
        }

        if (s.Length > max)
        {
            throw new InvalidValueException(field.Name, $"text is {s.Length} characters, at most {max} allowed");
        }
    }

    // As JitDict: the value may also arrive as JSON text (a form post, a command line).
    private static JsonNode? ParseJson(FieldDefinition field, JsonNode node)
    {
        if (node.GetValueKind() != JsonValueKind.String)
        {
            return node;
        }

        try
        {
            return JsonNode.Parse(node.GetValue<string>());
        }
        catch (JsonException)
        {
            throw new InvalidValueException(field.Name, $"expected JSON ({field.DataType}), got text that is not JSON");
        }
    }

    private static string OptionList(FieldDefinition field)
    {
        var values = (field.Options ?? []).Select(o => o.Value).ToList();
        return values.Count <= 10 ? string.Join(", ", values) : string.Join(", ", values.Take(10)) + $", … {values.Count} in all";
    }

    private static string RuleName(PhoneRule rule) => rule switch
    {
        PhoneRule.Eleven => "eleven",
        PhoneRule.Eight => "eight",
        PhoneRule.Tel => "tel",
        _ => "mobileOrTel",
    };

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
