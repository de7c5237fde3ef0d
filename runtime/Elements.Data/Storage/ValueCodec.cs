using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Elements.Data;

/// <summary>
/// Converts between the JSON form rows travel in and normalized CLR values (long, string, decimal, UTC DateTime,
/// DateOnly, bool, JSON text). Dialects turn the CLR values into provider parameters.
/// </summary>
internal static class ValueCodec
{
    /// <summary>Validates <paramref name="node"/> against the field's type; null for JSON null.</summary>
    public static object? FromJson(FieldDefinition field, JsonNode? node)
    {
        if (node is null) return null;
        var kind = node.GetValueKind();
        switch (field.DataType)
        {
            case DataType.AutoInt:
            case DataType.Integer:
                if (kind == JsonValueKind.Number && TryGetDecimal(node, out var d) && d == decimal.Truncate(d) && d is >= long.MinValue and <= long.MaxValue)
                    return (long)d;
                // Keys often arrive as text from URLs and command lines.
                if (kind == JsonValueKind.String && long.TryParse(node.GetValue<string>(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                    return l;
                throw Bad(field, "expected an integer", node);
            case DataType.Stext:
            case DataType.Ltext:
                if (kind != JsonValueKind.String) throw Bad(field, "expected a string", node);
                var s = node.GetValue<string>();
                if (CheckText(s) is { } textProblem) throw new InvalidValueException(field.Name, textProblem);
                if (field.DataType == DataType.Stext && s.Length > field.EffectiveMaxLen)
                    throw new InvalidValueException(field.Name, $"text is {s.Length} characters, at most {field.EffectiveMaxLen} allowed");
                return s;
            case DataType.Numeric:
            case DataType.Money:
                decimal n;
                if (kind == JsonValueKind.Number && TryGetDecimal(node, out n)) { }
                else if (kind == JsonValueKind.String && decimal.TryParse(node.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out n)) { }
                else throw Bad(field, "expected a number", node);
                return Math.Round(n, field.EffectiveDecimal, MidpointRounding.AwayFromZero);
            case DataType.Datetime:
                if (kind == JsonValueKind.String && TryParseInstant(node.GetValue<string>(), out var dt)) return dt;
                throw Bad(field, "expected an ISO-8601 date-time such as 2026-11-25T10:00:00Z", node);
            case DataType.Date:
                if (kind == JsonValueKind.String && DateOnly.TryParseExact(node.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    return date;
                throw Bad(field, "expected a date as yyyy-MM-dd", node);
            case DataType.Checkbox:
                if (kind is JsonValueKind.True or JsonValueKind.False) return kind == JsonValueKind.True;
                throw Bad(field, "expected true or false", node);
            case DataType.JitDict:
                if (kind is JsonValueKind.Object or JsonValueKind.Array) return new JsonText(node.ToJsonString());
                if (kind == JsonValueKind.String)
                {
                    // Accept JSON text too, but only if it is an object/array, so the column always holds valid JSON.
                    try
                    {
                        var parsed = JsonNode.Parse(node.GetValue<string>());
                        if (parsed is JsonObject or JsonArray) return new JsonText(parsed.ToJsonString());
                    }
                    catch (JsonException)
                    {
                    }
                }
                throw Bad(field, "expected a JSON object", node);
            default:
                throw new InvalidValueException(field.Name, $"unsupported data type {field.DataType}");
        }
    }

    /// <summary>Converts a provider value (already non-null) to the JSON form.</summary>
    public static JsonNode? ToJson(FieldDefinition field, object value)
    {
        switch (field.DataType)
        {
            case DataType.AutoInt:
            case DataType.Integer:
                return JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture));
            case DataType.Stext:
            case DataType.Ltext:
                return JsonValue.Create(value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture));
            case DataType.Numeric:
            case DataType.Money:
                var dec = value switch
                {
                    decimal m => m,
                    double dbl => (decimal)dbl,
                    string str => decimal.Parse(str, NumberStyles.Float, CultureInfo.InvariantCulture),
                    _ => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
                };
                return JsonValue.Create(Math.Round(dec, field.EffectiveDecimal, MidpointRounding.AwayFromZero));
            case DataType.Datetime:
                var instant = value switch
                {
                    DateTime d => d.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : d.ToUniversalTime(),
                    DateTimeOffset o => o.UtcDateTime,
                    string str when TryParseInstant(str, out var p) => p,
                    _ => throw new DataException(DataErrorCodes.Database, $"Field '{field.Name}' holds a value that is not a date-time."),
                };
                return JsonValue.Create(FormatInstant(instant));
            case DataType.Date:
                var date = value switch
                {
                    DateOnly d => d,
                    DateTime d => DateOnly.FromDateTime(d),
                    string str => DateOnly.ParseExact(str[..Math.Min(10, str.Length)], "yyyy-MM-dd", CultureInfo.InvariantCulture),
                    _ => throw new DataException(DataErrorCodes.Database, $"Field '{field.Name}' holds a value that is not a date."),
                };
                return JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            case DataType.Checkbox:
                return JsonValue.Create(value is bool b ? b : Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0);
            case DataType.JitDict:
                return JsonNode.Parse(value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture)!);
            default:
                return null;
        }
    }

    /// <summary>
    /// Returns why <paramref name="s"/> cannot be stored faithfully, or null. PostgreSQL rejects NUL in text and
    /// UTF-8 cannot encode a lone surrogate; rejecting both keeps the two databases identical.
    /// </summary>
    public static string? CheckText(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '\0') return "text cannot contain NUL characters";
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            else if (char.IsSurrogate(c)) return "text contains an unpaired UTF-16 surrogate";
        }
        return null;
    }

    /// <summary>ISO-8601 UTC without trailing zero fractions: <c>2026-11-25T10:00:00Z</c>.</summary>
    public static string FormatInstant(DateTime utc)
        => utc.Ticks % TimeSpan.TicksPerSecond == 0
            ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture);

    public static bool TryParseInstant(string s, out DateTime utc)
    {
        if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var o))
        {
            // PostgreSQL keeps microseconds; truncate so both databases return the same value.
            var ticks = o.UtcDateTime.Ticks;
            utc = new DateTime(ticks - ticks % 10, DateTimeKind.Utc);
            return true;
        }
        utc = default;
        return false;
    }

    public static bool TryGetDecimal(JsonNode node, out decimal value)
    {
        if (node is JsonValue v)
        {
            if (v.TryGetValue(out value)) return true;
            if (v.TryGetValue<long>(out var l)) { value = l; return true; }
            if (v.TryGetValue<int>(out var i)) { value = i; return true; }
            if (v.TryGetValue<double>(out var dbl))
            {
                if (double.IsFinite(dbl) && Math.Abs(dbl) < 7.9e28) { value = (decimal)dbl; return true; }
                value = 0;
                return false;
            }
        }
        return decimal.TryParse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static InvalidValueException Bad(FieldDefinition field, string expected, JsonNode node)
    {
        var text = node.ToJsonString();
        if (text.Length > 60) text = text[..60] + "…";
        return new InvalidValueException(field.Name, $"{expected} ({field.DataType}), got {text}");
    }
}
