using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Elements.Configuration;

namespace Elements.Cli.Scaffolding;

/// <summary>The kind of value a setting holds, as written in JSON.</summary>
internal enum SettingKind
{
    String,
    Integer,
    Number,
    Boolean,
    Array,
    Object,
    Json,
}

/// <summary>
/// One leaf setting of a Type's config class, by its JSON path (<c>authConfig.appId</c>). Derived from the class:
/// the name is the camelCase property name (or <c>[JsonPropertyName]</c>); a setting is <b>required</b> when it has
/// <c>[Required]</c> or <c>[JsonRequired]</c>, or is a non-nullable string whose default is empty (the config classes'
/// way of saying "must be given"); <b>secret</b> when it has <c>[Secret]</c>, or, in a class marking none, a secret-looking name.
/// </summary>
internal sealed record Setting(string Path, SettingKind Kind, bool Required, bool Secret, JsonNode? Default, Type ClrType)
{
    public string Name => Path[(Path.LastIndexOf('.') + 1)..];

    public string KindName => Kind.ToString().ToLowerInvariant();
}

internal static class ConfigSettings
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>The leaf settings of <paramref name="configType"/>, nested classes flattened to dotted paths, in declaration order.</summary>
    public static IReadOnlyList<Setting> Describe(Type? configType)
    {
        var settings = new List<Setting>();
        if (configType is not null)
        {
            // A class that marks its secrets with [Secret] is trusted; otherwise secret-looking names count (the redactor's rule).
            var marksSecrets = configType.GetProperties().Any(p => p.GetCustomAttribute<SecretAttribute>() is not null);
            Collect(configType, "", settings, depth: 0, marksSecrets);
        }

        return settings;
    }

    private static void Collect(Type type, string prefix, List<Setting> settings, int depth, bool marksSecrets)
    {
        object? instance;
        try
        {
            instance = Activator.CreateInstance(type);
        }
        catch (MissingMethodException)
        {
            instance = null;
        }

        var nullability = new NullabilityInfoContext();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p is { CanRead: true, CanWrite: true } && p.GetIndexParameters().Length == 0
                         && p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
                     .OrderBy(p => p.MetadataToken))
        {
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var path = prefix + name;
            var clr = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var kind = KindOf(clr);
            if (kind == SettingKind.Object && depth < 4)
            {
                Collect(clr, path + ".", settings, depth + 1,
                    marksSecrets || clr.GetProperties().Any(p => p.GetCustomAttribute<SecretAttribute>() is not null));
                continue;
            }

            var value = instance is null ? null : property.GetValue(instance);
            var nullable = nullability.Create(property).WriteState == NullabilityState.Nullable;
            var required = property.GetCustomAttribute<RequiredAttribute>() is not null
                || property.GetCustomAttribute<JsonRequiredAttribute>() is not null
                || (clr == typeof(string) && !nullable && value is "");
            var secret = property.GetCustomAttribute<SecretAttribute>() is not null || (!marksSecrets && SecretRedactor.IsSecretKey(name));
            var defaultValue = value is null || value is "" || (value is ICollection { Count: 0 } && kind == SettingKind.Array)
                ? null
                : JsonSerializer.SerializeToNode(value, clr, Web);
            settings.Add(new Setting(path, kind, required, secret, defaultValue, clr));
        }
    }

    private static SettingKind KindOf(Type type)
    {
        if (type == typeof(string) || type.IsEnum || type == typeof(Guid) || type == typeof(DateTime) || type == typeof(DateTimeOffset)
            || type == typeof(TimeSpan) || type == typeof(Uri))
        {
            return SettingKind.String;
        }

        if (type == typeof(bool))
        {
            return SettingKind.Boolean;
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) || type == typeof(uint)
            || type == typeof(ulong))
        {
            return SettingKind.Integer;
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            return SettingKind.Number;
        }

        if (typeof(JsonNode).IsAssignableFrom(type) || type == typeof(JsonElement) || type == typeof(object))
        {
            return SettingKind.Json;
        }

        if (typeof(IEnumerable).IsAssignableFrom(type))
        {
            return typeof(IDictionary).IsAssignableFrom(type) || type.GetInterfaces().Any(i => i.IsGenericType
                && i.GetGenericTypeDefinition() == typeof(IDictionary<,>)) ? SettingKind.Json : SettingKind.Array;
        }

        return type.IsClass ? SettingKind.Object : SettingKind.Json;
    }

    /// <summary>Converts a <c>--set</c> value to the setting's JSON kind; throws EL_INVALID_ARGS when it does not fit.</summary>
    public static JsonNode? Convert(Setting setting, string text)
    {
        try
        {
            switch (setting.Kind)
            {
                case SettingKind.String:
                    return JsonValue.Create(text);
                case SettingKind.Integer:
                    return JsonValue.Create(long.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
                case SettingKind.Number:
                    return JsonValue.Create(decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
                case SettingKind.Boolean:
                    return text switch
                    {
                        "1" or "true" or "True" => JsonValue.Create(true),
                        "0" or "false" or "False" => JsonValue.Create(false),
                        _ => throw new FormatException(),
                    };
                case SettingKind.Array when !text.TrimStart().StartsWith('['):
                    // A comma-separated list is accepted for arrays of strings: --set redirectDomains=a.example,b.example
                    return new JsonArray([.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(s => (JsonNode)JsonValue.Create(s))]);
                default:
                    return JsonNode.Parse(text);
            }
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or JsonException)
        {
            throw new ElementException(ElementErrorCodes.InvalidArgs, $"--set {setting.Path}: '{text}' is not a valid {setting.KindName}");
        }
    }
}
