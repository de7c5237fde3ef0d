using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Elements.Configuration;

/// <summary>Binds an effective config to a Type's config class and validates it with DataAnnotations.</summary>
internal static class ConfigBinder
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNameCaseInsensitive = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static readonly Invocation.CollectibleJsonOptions PerType = new(Options);

    /// <summary>The bound object, or the problems (each with the JSON path it concerns, when known).</summary>
    public static object? Bind(JsonObject config, Type configType, List<(string? Path, string Message)> errors)
    {
        object? bound;
        try
        {
            bound = config.Deserialize(configType, PerType.For(configType));
        }
        catch (JsonException ex)
        {
            errors.Add((ex.Path, $"cannot bind to {configType.Name}{(ex.Path is null ? "" : $" at '{ex.Path}'")}: {JsonLocator(ex)}"));
            return null;
        }
        catch (NotSupportedException ex)
        {
            errors.Add((null, $"cannot bind to {configType.Name}: {ex.Message}"));
            return null;
        }

        if (bound is null)
        {
            errors.Add((null, $"cannot bind to {configType.Name}: the config is null"));
            return null;
        }

        var results = new List<ValidationResult>();
        bool valid;
        try
        {
            valid = configType.IsCollectible
                ? CollectibleValidator.TryValidate(bound, results)
                : Validator.TryValidateObject(bound, new ValidationContext(bound), results, validateAllProperties: true);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The config class's own validation code crashed on this input: a diagnostic of this element, not a
            // failure of the whole load. The exception's message is not quoted: it may echo a config value.
            errors.Add((null, $"validation of {configType.Name} failed with {ex.GetType().Name} (a bug in its Validate: report it)"));
            return null;
        }
        if (!valid)
        {
            foreach (var result in results)
            {
                var member = result.MemberNames.FirstOrDefault();
                errors.Add((member is null ? null : "$." + char.ToLowerInvariant(member[0]) + member[1..], result.ErrorMessage ?? "is invalid"));
            }

            return null;
        }

        return bound;
    }

    private static string JsonLocator(JsonException ex) => Diagnostics.JsonLocator.CleanMessage(ex);
}
