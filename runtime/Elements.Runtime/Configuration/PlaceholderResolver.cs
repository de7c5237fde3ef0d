using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Elements.Configuration;

/// <summary>
/// Replaces <c>{{VAR}}</c> in config string values: the app hierarchy's <c>envVars</c> first (so an app can pin a
/// value), then the process environment (so deployments can inject secrets without editing files).
/// </summary>
internal sealed partial class PlaceholderResolver(IReadOnlyDictionary<string, string> envVars, Func<string, string?> environment)
{
    // Values taken from the environment, where deployments keep secrets: diagnostics mask them wherever a config
    // value is echoed (a secret placed in a field that is not marked secret would otherwise show in clear).
    private readonly ConcurrentDictionary<string, byte> _fromEnvironment = new(StringComparer.Ordinal);

    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_.\-]*)\s*\}\}")]
    private static partial Regex Placeholder();

    public static bool MayContainPlaceholder(ReadOnlySpan<byte> utf8) => utf8.IndexOf("{{"u8) >= 0;

    /// <summary>Resolves the placeholders of one string value found at <paramref name="path"/>.</summary>
    public string Substitute(string text, IReadOnlyList<object> path, Action<IReadOnlyList<object>, string> missing) =>
        Placeholder().Replace(text, match =>
        {
            var name = match.Groups[1].Value;
            if (envVars.TryGetValue(name, out var value))
            {
                return value;
            }

            if ((value = environment(name)) is not null)
            {
                _fromEnvironment.TryAdd(value, 0);
                return value;
            }

            missing([.. path], name);
            return match.Value;
        });

    /// <summary>Replaces every value substituted from the environment in <paramref name="text"/> by
    /// <see cref="SecretRedactor.Mask"/> (values shorter than 4 characters are left alone, as by the redactor).</summary>
    public string Scrub(string text)
    {
        foreach (var value in _fromEnvironment.Keys.OrderByDescending(v => v.Length))
        {
            if (value.Length >= 4)
            {
                text = text.Replace(value, SecretRedactor.Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
