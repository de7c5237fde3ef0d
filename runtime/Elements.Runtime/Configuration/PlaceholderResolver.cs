using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Elements.Configuration;

/// <summary>
/// Replaces <c>{{VAR}}</c> in config string values: the app hierarchy's <c>envVars</c> first (so an app can pin a
/// value), then the process environment (so deployments can inject secrets without editing files).
/// </summary>
internal sealed partial class PlaceholderResolver(IReadOnlyDictionary<string, string> envVars, Func<string, string?> environment)
{
    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_.\-]*)\s*\}\}")]
    private static partial Regex Placeholder();

    public static bool MayContainPlaceholder(ReadOnlySpan<byte> utf8) => utf8.IndexOf("{{"u8) >= 0;

    /// <summary>Resolves the placeholders of one string value found at <paramref name="path"/>.</summary>
    public string Substitute(string text, IReadOnlyList<object> path, Action<IReadOnlyList<object>, string> missing) =>
        Placeholder().Replace(text, match =>
        {
            var name = match.Groups[1].Value;
            if (envVars.TryGetValue(name, out var value) || (value = environment(name)) is not null)
            {
                return value;
            }

            missing([.. path], name);
            return match.Value;
        });
}
