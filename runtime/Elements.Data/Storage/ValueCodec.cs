using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elements.Data.Dialects;
using Elements.Data.Errors;
using Elements.Data.Schema;
using Elements.Data.Storage.Codecs;

namespace Elements.Data.Storage;

/// <summary>
/// Converts between the JSON form rows travel in and normalized CLR values (long, string, decimal, UTC DateTime,
/// DateOnly, bool, JSON text). Dialects turn the CLR values into provider parameters.
/// </summary>
internal static class ValueCodec
{
    /// <summary>
    /// Validates <paramref name="node"/> against the field's type; null for JSON null. <paramref name="forStorage"/>
    /// false (filter operands) skips the limits that only matter for a value that is stored (Numeric digits).
    /// </summary>
    public static object? FromJson(FieldDefinition field, JsonNode? node, bool forStorage = true)
    {
        if (forStorage && field.DataType == DataType.Serial)
        {
            throw new InvalidValueException(field.Name, "a Serial number is generated when the row is created; leave the field out");
        }

        if (node is null)
        {
            return null;
        }

        if (field.Relation is { } relation && field.DataType == DataType.RelateData)
        {
            // The column holds the related row's key; writes that pass the related row itself were reduced to its
            // key by the store, which knows the related model.
            return FromJson(relation.KeyColumn(field), node, forStorage);
        }

        var kind = node.GetValueKind();
        switch (field.DataType)
        {
            case DataType.AutoInt:
            case DataType.Integer:
                if (kind == JsonValueKind.Number && TryGetDecimal(node, out var d) && d == decimal.Truncate(d) && d is >= long.MinValue and <= long.MaxValue)
                {
                    return (long)d;
                }
                // Keys often arrive as text from URLs and command lines.
                if (kind == JsonValueKind.String && long.TryParse(node.GetValue<string>(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                {
                    return l;
                }

                throw Bad(field, "expected an integer", node);
            case DataType.Stext:
            case DataType.Ltext:
            case DataType.Phone:
            case DataType.Serial:
            case DataType.Radio:
            case DataType.Dropdown:
                if (kind != JsonValueKind.String)
                {
                    throw Bad(field, "expected a string", node);
                }

                var s = node.GetValue<string>();
                if (CheckText(s) is { } textProblem)
                {
                    throw new InvalidValueException(field.Name, textProblem);
                }

                if (DataTypeTraits.IsShortText(field.DataType) && s.Length > field.EffectiveMaxLen)
                {
                    throw new InvalidValueException(field.Name, $"text is {s.Length} characters, at most {field.EffectiveMaxLen} allowed");
                }

                // Filter operands are not held to a value's rules: a Radio compared with a former option matches nothing.
                if (forStorage)
                {
                    if (field.DataType == DataType.Phone)
                    {
                        StructuredValues.CheckPhone(field, s);
                    }
                    else if (DataTypeTraits.IsSingleChoice(field.DataType))
                    {
                        StructuredValues.CheckChoice(field, s);
                    }
                }

                return s;
            case DataType.Numeric:
            case DataType.Money:
            case DataType.Percent:
                decimal n;
                if (kind == JsonValueKind.Number && TryGetDecimal(node, out n)) { }
                else if (kind == JsonValueKind.String && decimal.TryParse(node.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out n)) { }
                else
                {
                    throw Bad(field, "expected a number", node);
                }

                n = Math.Round(n, field.EffectiveDecimal, MidpointRounding.AwayFromZero);
                if (forStorage && NumericProblem(field, n) is { } numberProblem)
                {
                    throw new InvalidValueException(field.Name, numberProblem);
                }

                return n;
            case DataType.Datetime:
                if (kind == JsonValueKind.String && IsoInstant.TryParse(node.GetValue<string>(), out var dt))
                {
                    return dt;
                }

                throw Bad(field, "expected an ISO-8601 date-time such as 2026-11-25T10:00:00Z", node);
            case DataType.Date:
                if (kind == JsonValueKind.String && DateOnly.TryParseExact(node.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    return date;
                }

                throw Bad(field, "expected a date as yyyy-MM-dd", node);
            case DataType.Checkbox:
                if (kind is JsonValueKind.True or JsonValueKind.False)
                {
                    return kind == JsonValueKind.True;
                }

                // JitAi writes checkboxes as 1 and 0 (Q('vip', '=', 1)).
                if (kind == JsonValueKind.Number && TryGetDecimal(node, out var flag) && flag is 0 or 1)
                {
                    return flag == 1;
                }

                throw Bad(field, "expected true or false (or 1 or 0)", node);
            case DataType.JitDict:
                if (kind is JsonValueKind.Object or JsonValueKind.Array)
                {
                    return new JsonText(node.ToJsonString());
                }

                if (kind == JsonValueKind.String)
                {
                    // Accept JSON text too, but only if it is an object/array, so the column always holds valid JSON.
                    try
                    {
                        var parsed = JsonNode.Parse(node.GetValue<string>());
                        if (parsed is JsonObject or JsonArray)
                        {
                            return new JsonText(parsed.ToJsonString());
                        }
                    }
                    catch (JsonException)
                    {
                    }
                }
                throw Bad(field, "expected a JSON object", node);
            case DataType.Time:
                if (kind == JsonValueKind.String && StructuredValues.TryParseTime(node.GetValue<string>(), out var time))
                {
                    return time;
                }

                throw Bad(field, "expected a time of day as HH:mm:ss", node);
            case DataType.MultiRadio:
            case DataType.MultiDropdown:
                return StructuredValues.MultiChoice(field, node);
            case DataType.Address:
                return StructuredValues.Address(field, node);
            case DataType.File:
            case DataType.Image:
                return StructuredValues.Files(field, node);
            default:
                throw new InvalidValueException(field.Name, $"unsupported data type {field.DataType}");
        }
    }

    /// <summary>Converts a provider value (already non-null) to the JSON form.</summary>
    public static JsonNode? ToJson(FieldDefinition field, object value)
    {
        field = ValueField(field);
        switch (field.DataType)
        {
            case DataType.AutoInt:
            case DataType.Integer:
                return JsonNumber.Create(ToInt64(field, value));
            case DataType.Numeric:
            case DataType.Money:
            case DataType.Percent:
                return JsonNumber.Create(ToDecimal(field, value));
            case DataType.Checkbox:
                return JsonValue.Create(ToBoolean(value));
            default:
                return TextOf(field, value) is { } text ? JsonValue.Create(text) : StructuredOf(field, value);
        }
    }

    /// <summary>Writes the JSON form of a provider value (already non-null), the same value <see cref="ToJson"/> gives.</summary>
    public static void WriteJson(Utf8JsonWriter writer, FieldDefinition field, object value)
    {
        field = ValueField(field);
        switch (field.DataType)
        {
            case DataType.AutoInt:
            case DataType.Integer:
                writer.WriteNumberValue(ToInt64(field, value));
                return;
            case DataType.Numeric:
            case DataType.Money:
            case DataType.Percent:
                writer.WriteNumberValue(JsonNumber.Canonical(ToDecimal(field, value)));
                return;
            case DataType.Checkbox:
                writer.WriteBooleanValue(ToBoolean(value));
                return;
        }

        if (TextOf(field, value) is { } text)
        {
            writer.WriteStringValue(text);
        }
        else if (StructuredOf(field, value) is { } node)
        {
            node.WriteTo(writer);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    /// <summary>
    /// <see cref="WriteJson(Utf8JsonWriter, FieldDefinition, object)"/> of an integer, without boxing it where the
    /// integer is already the JSON form (a whole number is the canonical form of a Numeric too).
    /// </summary>
    public static void WriteJson(Utf8JsonWriter writer, FieldDefinition field, long value)
    {
        switch (ValueField(field).DataType)
        {
            case DataType.AutoInt or DataType.Integer or DataType.Numeric or DataType.Money or DataType.Percent:
                writer.WriteNumberValue(value);
                return;
            case DataType.Checkbox:
                writer.WriteBooleanValue(value != 0);
                return;
            default:
                WriteJson(writer, field, (object)value);
                return;
        }
    }

    /// <summary>
    /// <see cref="WriteJson(Utf8JsonWriter, FieldDefinition, object)"/> of stored text given as UTF-8, without a
    /// string: text fields write the bytes, Datetime rearranges them. Invalid UTF-8 (written by something else than the
    /// data layer) and the other fields take the string, decoded as Microsoft.Data.Sqlite's <c>GetString</c> does.
    /// </summary>
    public static void WriteJsonFromUtf8(Utf8JsonWriter writer, FieldDefinition field, ReadOnlySpan<byte> utf8)
    {
        if (Utf8.IsValid(utf8))
        {
            switch (ValueField(field).DataType)
            {
                case DataType.Stext or DataType.Ltext or DataType.Phone or DataType.Serial or DataType.Radio or DataType.Dropdown:
                    writer.WriteStringValue(utf8);
                    return;
                case DataType.Datetime:
                    Span<byte> iso = stackalloc byte[IsoInstant.MaxLength];
                    if (TryReformatStoredInstant(utf8, iso, out var written))
                    {
                        writer.WriteStringValue(iso[..written]);
                        return;
                    }

                    break;
            }
        }

        WriteJson(writer, field, Encoding.UTF8.GetString(utf8));
    }

    /// <summary>A relation field's value is its related model's key.</summary>
    private static FieldDefinition ValueField(FieldDefinition field)
        => field.Relation is { } relation && field.DataType == DataType.RelateData ? ValueField(relation.KeyColumn(field)) : field;

    /// <summary>The JSON string of a field whose JSON form is a string; null for the other fields.</summary>
    private static string? TextOf(FieldDefinition field, object value)
    {
        switch (field.DataType)
        {
            case DataType.Stext:
            case DataType.Ltext:
            case DataType.Phone:
            case DataType.Serial:
            case DataType.Radio:
            case DataType.Dropdown:
                return value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture);
            case DataType.Time:
                return StructuredValues.FormatTime(ToTime(field, value));
            case DataType.Datetime:
                return value is string stored && TryReformatStoredInstant(stored) is { } iso ? iso : IsoInstant.Format(ToInstant(field, value));
            case DataType.Date:
                return ToDate(field, value).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            default:
                return null;
        }
    }

    /// <summary>The JSON object or array of a structured field (choices, address, files, dict); null for the others.</summary>
    private static JsonNode? StructuredOf(FieldDefinition field, object value) => field.DataType switch
    {
        DataType.MultiRadio or DataType.MultiDropdown or DataType.Address or DataType.File or DataType.Image
            => StructuredValues.Canonical(field, JsonNode.Parse(value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture)!)),
        DataType.JitDict => JsonNode.Parse(value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture)!),
        _ => null,
    };

    /// <summary>
    /// Converts a provider value (already non-null) to the one CLR type the field has on every database: long,
    /// string, decimal, UTC DateTime, DateOnly, bool, or JSON text. Typed reads see these, so they agree with
    /// <see cref="ToJson"/> value for value whatever storage class SQLite chose for a row.
    /// </summary>
    public static object ToClr(FieldDefinition field, object value) => field.DataType switch
    {
        DataType.RelateData when field.Relation is { } r => ToClr(r.KeyColumn(field), value),
        DataType.AutoInt or DataType.Integer => ToInt64(field, value),
        DataType.Numeric or DataType.Money or DataType.Percent => ToDecimal(field, value),
        DataType.Time => ToTime(field, value),
        _ when DataTypeTraits.IsText(field.DataType) => value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture)!,
        // JSON text, keys in the same order on both databases (jsonb reorders them).
        _ when DataTypeTraits.IsJson(field.DataType) && field.DataType != DataType.JitDict
            => StructuredValues.Canonical(field, JsonNode.Parse(value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture)!))!.ToJsonString(),
        DataType.JitDict => value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture)!,
        DataType.Datetime => ToInstant(field, value),
        DataType.Date => ToDate(field, value),
        DataType.Checkbox => ToBoolean(value) ? BoxedTrue : BoxedFalse,
        _ => value,
    };

    // SQLite stores a Checkbox as an integer: one box per truth value instead of one per row read.
    private static readonly object BoxedTrue = true;
    private static readonly object BoxedFalse = false;

    /// <summary>The CLR type <see cref="ToClr"/> returns for the field.</summary>
    public static Type ClrType(FieldDefinition field) => field.DataType switch
    {
        DataType.RelateData when field.Relation is { } r => ClrType(r.KeyColumn(field)),
        DataType.AutoInt or DataType.Integer => typeof(long),
        DataType.Numeric or DataType.Money or DataType.Percent => typeof(decimal),
        DataType.Time => typeof(TimeOnly),
        DataType.Datetime => typeof(DateTime),
        DataType.Date => typeof(DateOnly),
        DataType.Checkbox => typeof(bool),
        _ => typeof(string),
    };

    private static long ToInt64(FieldDefinition field, object value) => value switch
    {
        long l => l,
        // A REAL that is not a whole number can only get into an INTEGER column through raw SQL; refuse to round it.
        double d when d != Math.Floor(d) || !double.IsFinite(d)
            => throw new DataException(DataErrorCodes.Database, $"Field '{field.Name}' holds a value that is not an integer."),
        _ => Convert.ToInt64(value, CultureInfo.InvariantCulture),
    };

    // SQLite's NUMERIC affinity keeps 8.0 as INTEGER 8 and 12.5 as REAL, so one column yields long and double.
    private static decimal ToDecimal(FieldDefinition field, object value)
    {
        var dec = value switch
        {
            decimal m => m,
            long l => l,
            double dbl => (decimal)dbl,
            string str => decimal.Parse(str, NumberStyles.Float, CultureInfo.InvariantCulture),
            _ => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
        };
        return Math.Round(dec, field.EffectiveDecimal, MidpointRounding.AwayFromZero);
    }

    private static DateTime ToInstant(FieldDefinition field, object value) => value switch
    {
        DateTime d => d.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : d.ToUniversalTime(),
        DateTimeOffset o => o.UtcDateTime,
        string str when TryParseStoredInstant(str, out var p) => p,
        _ => throw new DataException(DataErrorCodes.Database, $"Field '{field.Name}' holds a value that is not a date-time."),
    };

    private static DateOnly ToDate(FieldDefinition field, object value) => value switch
    {
        DateOnly d => d,
        DateTime d => DateOnly.FromDateTime(d),
        string str => DateOnly.ParseExact(str[..Math.Min(10, str.Length)], "yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => throw new DataException(DataErrorCodes.Database, $"Field '{field.Name}' holds a value that is not a date."),
    };

    private static TimeOnly ToTime(FieldDefinition field, object value) => value switch
    {
        TimeOnly t => t,
        TimeSpan span => TimeOnly.FromTimeSpan(span),
        string str when StructuredValues.TryParseTime(str, out var t) => t,
        _ => throw new DataException(DataErrorCodes.Database, $"Field '{field.Name}' holds a value that is not a time of day."),
    };

    private static bool ToBoolean(object value) => value is bool b ? b : Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0;

    /// <summary>Most significant digits a Numeric/Money value may have: SQLite stores REAL, exact to 15 digits.</summary>
    public const int NumericSignificantDigits = 15;

    /// <summary>
    /// Why a (rounded) Numeric/Money value cannot be stored exactly, or null. The same limits hold on both databases:
    /// PostgreSQL's <c>numeric(18,d)</c> allows 18 - d integer digits, SQLite's REAL keeps 15 significant digits, and
    /// a value beyond either would come back changed (or fail only on PostgreSQL).
    /// </summary>
    public static string? NumericProblem(FieldDefinition field, decimal value)
    {
        var text = Math.Abs(value).ToString(CultureInfo.InvariantCulture);
        var point = text.IndexOf('.', StringComparison.Ordinal);
        var integerDigits = (point < 0 ? text : text[..point]).TrimStart('0').Length;
        var maxInteger = 18 - field.EffectiveDecimal;
        if (integerDigits > maxInteger)
        {
            return $"{integerDigits} digits before the decimal point, at most {maxInteger} allowed";
        }

        // Trailing zeros are not significant: 1200 is 1.2e3, exact in a double.
        var significant = text.Replace(".", "", StringComparison.Ordinal).Trim('0');

        return significant.Length > NumericSignificantDigits
            ? $"{significant.Length} significant digits, at most {NumericSignificantDigits} can be stored exactly"
            : null;
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
            if (c == '\0')
            {
                return "text cannot contain NUL characters";
            }

            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return "text contains an unpaired UTF-16 surrogate";
            }
        }
        return null;
    }

    private static string? TryReformatStoredInstant(string s)
    {
        Span<byte> stored = stackalloc byte[SqliteDialect.InstantFormat.Length];
        Span<byte> iso = stackalloc byte[IsoInstant.MaxLength];
        return s.Length == stored.Length && Ascii.FromUtf16(s, stored, out _) == OperationStatus.Done && TryReformatStoredInstant(stored, iso, out var written)
            ? Encoding.ASCII.GetString(iso[..written])
            : null;
    }

    /// <summary>
    /// The ISO form of an instant in SQLite's fixed-width layout (<c>2026-11-25 10:00:00.120000</c> →
    /// <c>2026-11-25T10:00:00.12Z</c>), the same text <see cref="IsoInstant.Format(DateTime)"/> gives, by rearranging characters:
    /// parsing and formatting a DateTime per value was the largest cost of returning rows as JSON. False when the text
    /// is not in that layout (the general path handles, or rejects, it).
    /// </summary>
    private static bool TryReformatStoredInstant(ReadOnlySpan<byte> s, Span<byte> iso, out int written)
    {
        const int FractionStart = 20;
        written = 0;
        if (s.Length != SqliteDialect.InstantFormat.Length || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':' || s[19] != '.')
        {
            return false;
        }

        foreach (var i in (ReadOnlySpan<int>)[0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22, 23, 24, 25])
        {
            if (!char.IsAsciiDigit((char)s[i]))
            {
                return false;
            }
        }
        static int Two(ReadOnlySpan<byte> t, int at) => (t[at] - '0') * 10 + t[at + 1] - '0';
        var year = Two(s, 0) * 100 + Two(s, 2);
        var month = Two(s, 5);
        var day = Two(s, 8);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || Two(s, 11) > 23 || Two(s, 14) > 59 || Two(s, 17) > 59)
        {
            return false;
        }

        var fractionLength = s[FractionStart..].TrimEnd((byte)'0').Length;
        // "yyyy-MM-dd", "T", "HH:mm:ss" plus, when the fraction is not zero, "." and its digits up to the last non-zero one, "Z".
        var time = fractionLength == 0 ? 8 : 9 + fractionLength;
        s[..10].CopyTo(iso);
        iso[10] = (byte)'T';
        s.Slice(11, time).CopyTo(iso[11..]);
        iso[11 + time] = (byte)'Z';
        written = 12 + time;
        return true;
    }

    /// <summary>As <see cref="IsoInstant.TryParse"/>, with a fast path for the fixed-width text SQLite columns hold
    /// (<see cref="SqliteDialect.InstantFormat"/>): an exact parse of the known layout skips the general parser's
    /// format detection, which otherwise runs for every date-time of every row read.</summary>
    private static bool TryParseStoredInstant(string s, out DateTime utc)
    {
        if (s.Length == SqliteDialect.InstantFormat.Length
            && DateTime.TryParseExact(s, SqliteDialect.InstantFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out utc))
        {
            return true;
        }

        return IsoInstant.TryParse(s, out utc);
    }

    public static bool TryGetDecimal(JsonNode node, out decimal value)
    {
        if (node is JsonValue v)
        {
            if (v.TryGetValue(out value))
            {
                return true;
            }

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
        if (text.Length > 60)
        {
            text = text[..60] + "…";
        }

        return new InvalidValueException(field.Name, $"{expected} ({field.DataType}), got {text}");
    }
}
