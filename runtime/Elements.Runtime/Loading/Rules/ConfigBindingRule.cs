using System.Text.Json.Nodes;
using Elements.Configuration;
using Elements.Definitions;
using Elements.Diagnostics;

namespace Elements.Loading.Rules;

/// <summary>
/// Decides that an Instance's effective config binds to its class's config type and validates (EL0010), so a bad
/// config fails the load instead of the first call. Types are not bound (their defaults are incomplete on purpose),
/// except an element bringing its own class onto a Type whose class declares such elements Instances in all but name
/// (<see cref="Activation.ElementTypeAttribute.CodeBehindInstances"/>: a task or an event with Inner code). Each problem
/// points into the business config file when the offending key is there, else into e.json; secrets and
/// environment-provided values are masked in the message.
/// </summary>
internal sealed class ConfigBindingRule(DiagnosticBag diagnostics, PlaceholderResolver placeholders)
{
    public void Apply(ElementNode node)
    {
        if (!UsedAsItStands(node) || node.Implementation?.ConfigType is not { } configType)
        {
            return;
        }

        var errors = new List<(string? Path, string Message)>();
        node.BoundConfig = ConfigBinder.Bind(node.Config, configType, errors);
        node.Failed |= errors.Count > 0;
        foreach (var (jsonPath, message) in errors)
        {
            var path = JsonLocator.ParsePath(jsonPath);
            var text = placeholders.Scrub(SecretRedactor.Scrub($"config of '{node.Raw.FullName}' is invalid: {message}", node.Config, configType));
            var file = node.Raw.BusinessConfigPath is { } business && (path.Count == 0 || ContainsPath(node.Raw.BusinessConfig, path))
                ? business
                : node.Raw.EJsonPath;
            diagnostics.AddAt(DiagnosticCodes.InvalidConfig, file, path.Count == 0 ? [] : path, text, propertyName: true);
        }
    }

    private static bool UsedAsItStands(ElementNode node) => node.Layer == ElementLayer.Instance || node.IsCodeBehindInstance;

    private static bool ContainsPath(JsonNode? node, IReadOnlyList<object> path)
    {
        foreach (var segment in path)
        {
            node = segment switch
            {
                string key when node is JsonObject obj => obj.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase)).Value,
                int index when node is JsonArray array && index < array.Count => array[index],
                _ => null,
            };
            if (node is null)
            {
                return false;
            }
        }

        return true;
    }
}
