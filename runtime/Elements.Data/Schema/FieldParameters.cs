using System.Text.Json;
using System.Text.Json.Nodes;
using Elements.Data.Errors;
using Elements.Data.Storage;

namespace Elements.Data.Schema;

/// <summary>
/// The parameters each data type takes in a field's JSON, and their parsing. A key the type does not take (a typo
/// such as <c>maxlen</c>, or <c>options</c> on an Integer) is a schema error at that key's path, so a model that
/// would silently ignore part of its declaration does not load.
/// </summary>
internal static class FieldParameters
{
    // description and placeholder are JitAi's display texts: accepted, not used by the data layer.
    private static readonly string[] Common = ["name", "title", "dataType", "primaryKey", "unique", "dbIndex", "value", "description", "placeholder"];

    private static string[] Own(DataType type) => type switch
    {
        DataType.Stext => ["maxLen"],
        DataType.Numeric or DataType.Money or DataType.Percent => ["decimal"],
        DataType.Phone => ["rules"],
        DataType.Serial => ["prefix", "connector", "dateTimeFormat", "incNum", "startNumber", "fieldId"],
        DataType.Radio or DataType.Dropdown => ["options", "allowManualInput"],
        DataType.MultiRadio => ["options", "allowManualInput", "maxCount"],
        DataType.MultiDropdown => ["options", "allowManualInput", "maxCount", "limit"],
        DataType.Address => ["addressFormat", "detail"],
        DataType.File or DataType.Image => ["maxCount", "maxSize"],
        DataType.RelateData => ["generic", "relateField", "relateFieldType", "onDelete"],
        DataType.MultiRelateData or DataType.SubTable => ["generic", "relateField"],
        _ => [],
    };

    /// <summary>The keys a field of <paramref name="type"/> may have.</summary>
    public static IReadOnlyList<string> Allowed(DataType type)
        => [.. Common.Where(k => !(type == DataType.Serial && k == "value")), .. Own(type)];

    private static readonly string[] SerialTokens = ["YYYY", "YY", "MM", "DD", "HH", "mm", "ss"];

    public static FieldDefinition Parse(JsonNode? node, int index)
    {
        var at = $"fields[{index}]";
        if (node is not JsonObject o)
        {
            throw new SchemaException($"fields[{index}] must be an object.", null, at);
        }

        var name = String(o, "name", null, at) ?? throw new SchemaException($"fields[{index}] has no 'name'.", null, at);
        var typeName = String(o, "dataType", name, at) ?? throw new SchemaException("missing 'dataType'.", name, at);
        if (!Enum.TryParse<DataType>(typeName, ignoreCase: false, out var type) || !Enum.IsDefined(type) || char.IsDigit(typeName[0]))
        {
            throw new SchemaException($"unknown dataType '{typeName}' (known: {string.Join(", ", Enum.GetNames<DataType>())}).", name, $"{at}.dataType");
        }

        var allowed = Allowed(type);
        foreach (var (key, _) in o)
        {
            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                var hint = allowed.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) is { } spelled
                    ? $" (did you mean '{spelled}'?)"
                    : "";
                throw new SchemaException($"'{key}' is not a parameter of {type}{hint}; {type} takes: {string.Join(", ", allowed)}.", name, $"{at}.{key}");
            }
        }

        return new FieldDefinition
        {
            Name = name,
            Title = String(o, "title", name, at),
            DataType = type,
            PrimaryKey = Bool(o, "primaryKey", name, at) ?? false,
            Unique = Bool(o, "unique", name, at) ?? false,
            DbIndex = Bool(o, "dbIndex", name, at) ?? false,
            MaxLen = Int(o, "maxLen", name, at),
            Decimal = Int(o, "decimal", name, at),
            Value = o["value"]?.DeepClone(),
            Options = Options(o, name, at),
            AllowManualInput = Bool(o, "allowManualInput", name, at) ?? false,
            MaxCount = Int(o, "maxCount", name, at),
            Limit = Bool(o, "limit", name, at) ?? false,
            MaxSize = Int(o, "maxSize", name, at),
            Rules = Rules(o, name, at),
            Serial = type == DataType.Serial ? Serial(o, name, at) : null,
            AddressFormat = String(o, "addressFormat", name, at),
            Detail = Bool(o, "detail", name, at),
            Relation = RelationDefinition.Parse(o, name, type),
        };
    }

    /// <summary>
    /// Rules for definitions however they were built (JSON or C#): each parameter on a type that takes it, in range.
    /// <paramref name="fields"/> is the whole model, for Serial's <c>fieldId</c>.
    /// </summary>
    public static void Check(FieldDefinition f, IReadOnlyList<FieldDefinition> fields, string at)
    {
        var t = f.DataType;
        void Only(bool present, bool fits, string key)
        {
            if (present && !fits)
            {
                throw new SchemaException($"'{key}' is not a parameter of {t}.", f.Name, $"{at}.{key}");
            }
        }

        Only(f.Options is not null, DataTypeTraits.IsChoice(t), "options");
        Only(f.AllowManualInput, DataTypeTraits.IsChoice(t), "allowManualInput");
        Only(f.MaxCount is not null, DataTypeTraits.IsJsonList(t), "maxCount");
        Only(f.Limit, t == DataType.MultiDropdown, "limit");
        Only(f.MaxSize is not null, t is DataType.File or DataType.Image, "maxSize");
        Only(f.Rules is not null, t == DataType.Phone, "rules");
        Only(f.Serial is not null, t == DataType.Serial, "prefix");
        Only(f.AddressFormat is not null, t == DataType.Address, "addressFormat");
        Only(f.Detail is not null, t == DataType.Address, "detail");

        if (DataTypeTraits.IsChoice(t))
        {
            var options = f.Options ?? [];
            if (options.Count == 0 && !f.AllowManualInput)
            {
                throw new SchemaException("a choice field needs 'options' (a list of {\"label\", \"value\"}) or \"allowManualInput\": true.", f.Name, $"{at}.dataType");
            }

            foreach (var option in options)
            {
                if (option.Value.Length is 0 or > FieldDefinition.DefaultMaxLen || ValueCodec.CheckText(option.Value) is not null)
                {
                    throw new SchemaException($"an option's value must be 1 to {FieldDefinition.DefaultMaxLen} characters of text.", f.Name, $"{at}.options");
                }
            }

            if (options.Select(o => o.Value).Distinct(StringComparer.Ordinal).Count() != options.Count)
            {
                throw new SchemaException("two options have the same value.", f.Name, $"{at}.options");
            }
        }

        if (f.MaxCount is { } max && max is < 1 or > 1000)
        {
            throw new SchemaException("maxCount must be between 1 and 1000.", f.Name, $"{at}.maxCount");
        }

        if (f.MaxSize is { } size && size is < 1 or > 1_000_000)
        {
            throw new SchemaException("maxSize (MB) must be between 1 and 1000000.", f.Name, $"{at}.maxSize");
        }

        if (f.AddressFormat is { } format && format is not ("pca" or "pc" or "p"))
        {
            throw new SchemaException($"addressFormat must be 'pca', 'pc' or 'p', not '{Shorten(format)}'.", f.Name, $"{at}.addressFormat");
        }

        if (t == DataType.Serial)
        {
            CheckSerial(f, fields, at);
        }

        if (f.PrimaryKey && (DataTypeTraits.IsJson(t) || t is DataType.Checkbox or DataType.Ltext))
        {
            throw new SchemaException($"{t} cannot be a primary key.", f.Name, $"{at}.primaryKey");
        }
    }

    private static void CheckSerial(FieldDefinition f, IReadOnlyList<FieldDefinition> fields, string at)
    {
        var s = f.EffectiveSerial;
        if (f.Value is not null)
        {
            throw new SchemaException("a Serial has no default 'value': its values are generated on create.", f.Name, $"{at}.value");
        }

        foreach (var (key, text) in new[] { ("prefix", s.Prefix), ("connector", s.Connector) })
        {
            if (text.Length > 50 || ValueCodec.CheckText(text) is not null)
            {
                throw new SchemaException($"'{key}' must be text of at most 50 characters.", f.Name, $"{at}.{key}");
            }
        }

        if (DotNetDateFormat(s.DateTimeFormat) is null)
        {
            throw new SchemaException($"dateTimeFormat '{Shorten(s.DateTimeFormat)}' may only combine {string.Join(" ", SerialTokens)} and the separators - / _ . : (or be \"\" for no date).", f.Name, $"{at}.dateTimeFormat");
        }

        if (s.IncNum is < 1 or > 18)
        {
            throw new SchemaException("incNum (counter digits) must be between 1 and 18.", f.Name, $"{at}.incNum");
        }

        if (s.StartNumber is < 0 or > 999_999_999_999_999_999)
        {
            throw new SchemaException("startNumber must be between 0 and 999999999999999999.", f.Name, $"{at}.startNumber");
        }

        if (s.FieldId is { } id)
        {
            var source = fields.FirstOrDefault(x => x.Name == id)
                ?? throw new SchemaException($"fieldId '{Shorten(id)}' is not a field of the model.", f.Name, $"{at}.fieldId");
            if (source.DataType is not (DataType.Stext or DataType.Integer or DataType.Phone or DataType.Radio or DataType.Dropdown))
            {
                throw new SchemaException($"fieldId '{id}' must name an Stext, Integer, Phone, Radio or Dropdown field, not {source.DataType}.", f.Name, $"{at}.fieldId");
            }
        }
    }

    /// <summary>The .NET custom format for a JitAi date format (<c>YYYYMMDD</c> → <c>yyyyMMdd</c>), or null when it has
    /// anything but the tokens and separators.</summary>
    public static string? DotNetDateFormat(string jitai)
    {
        var sb = new System.Text.StringBuilder();
        var i = 0;
        while (i < jitai.Length)
        {
            var token = SerialTokens.FirstOrDefault(t => string.CompareOrdinal(jitai, i, t, 0, t.Length) == 0);
            if (token is not null)
            {
                sb.Append(token switch { "YYYY" => "yyyy", "YY" => "yy", "DD" => "dd", _ => token });
                i += token.Length;
            }
            else if ("-/_.:".Contains(jitai[i], StringComparison.Ordinal))
            {
                // Quoted: '/' and ':' are culture placeholders in .NET formats.
                sb.Append('\'').Append(jitai[i]).Append('\'');
                i++;
            }
            else
            {
                return null;
            }
        }

        return sb.ToString();
    }

    private static SerialFormat Serial(JsonObject o, string name, string at)
    {
        var d = SerialFormat.Default;
        return new SerialFormat
        {
            Prefix = String(o, "prefix", name, at) ?? d.Prefix,
            Connector = String(o, "connector", name, at) ?? d.Connector,
            DateTimeFormat = String(o, "dateTimeFormat", name, at) ?? d.DateTimeFormat,
            IncNum = Int(o, "incNum", name, at) ?? d.IncNum,
            StartNumber = Int(o, "startNumber", name, at) ?? d.StartNumber,
            FieldId = String(o, "fieldId", name, at),
        };
    }

    private static PhoneRule? Rules(JsonObject o, string name, string at)
        => String(o, "rules", name, at) switch
        {
            null => null,
            "eleven" => PhoneRule.Eleven,
            "eight" => PhoneRule.Eight,
            "tel" => PhoneRule.Tel,
            "mobileOrTel" => PhoneRule.MobileOrTel,
            var other => throw new SchemaException($"rules must be 'eleven', 'eight', 'tel' or 'mobileOrTel', not '{Shorten(other)}'.", name, $"{at}.rules"),
        };

    private static List<ChoiceOption>? Options(JsonObject o, string name, string at)
    {
        var node = o["options"];
        if (node is null)
        {
            return null;
        }

        if (node is not JsonArray list)
        {
            throw new SchemaException("'options' must be a list of {\"label\", \"value\"} objects.", name, $"{at}.options");
        }

        var result = new List<ChoiceOption>();
        for (var i = 0; i < list.Count; i++)
        {
            var here = $"{at}.options[{i}]";
            if (list[i] is not JsonObject option)
            {
                throw new SchemaException("each option must be an object {\"label\", \"value\"}.", name, here);
            }

            foreach (var (key, _) in option)
            {
                // style and color are JitAi's display settings of an option.
                if (key is not ("label" or "value" or "style" or "color"))
                {
                    throw new SchemaException($"'{key}' is not a key of an option; an option takes: label, value, style, color.", name, $"{here}.{key}");
                }
            }

            var value = String(option, "value", name, here) ?? throw new SchemaException("an option has no 'value'.", name, here);
            result.Add(new ChoiceOption(value, String(option, "label", name, here)));
        }

        return result;
    }

    private static string? String(JsonObject o, string key, string? field, string at)
    {
        var n = o[key];
        if (n is null)
        {
            return null;
        }

        if (n is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            return v.GetValue<string>();
        }

        throw new SchemaException($"'{key}' must be a string.", field, $"{at}.{key}");
    }

    private static bool? Bool(JsonObject o, string key, string field, string at)
    {
        var n = o[key];
        if (n is null)
        {
            return null;
        }

        return n.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new SchemaException($"'{key}' must be true or false.", field, $"{at}.{key}"),
        };
    }

    private static int? Int(JsonObject o, string key, string field, string at)
    {
        var n = o[key];
        if (n is null)
        {
            return null;
        }

        if (n is JsonValue v && v.GetValueKind() == JsonValueKind.Number && int.TryParse(v.ToJsonString(), out var i))
        {
            return i;
        }

        throw new SchemaException($"'{key}' must be an integer.", field, $"{at}.{key}");
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
