using System.Text;

namespace Elements.WeChat.Http;

/// <summary>Keeps credentials out of logs and exception texts.</summary>
internal static class WeChatRedactor
{
    public const string Mask = "***";

    private static readonly HashSet<string> SensitiveParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "secret", "appsecret", "access_token", "refresh_token", "session_key", "js_code", "code",
    };

    public static bool IsSensitiveParameter(string name) => SensitiveParameters.Contains(name);

    /// <summary>The URI with the value of every sensitive query parameter masked (parameter names stay, for diagnosis).</summary>
    public static string RedactUri(Uri? uri)
    {
        if (uri is null)
        {
            return "";
        }

        var text = uri.IsAbsoluteUri ? uri.GetLeftPart(UriPartial.Path) : uri.OriginalString.Split('?')[0];
        var query = uri.IsAbsoluteUri ? uri.Query : (uri.OriginalString.Contains('?') ? uri.OriginalString[uri.OriginalString.IndexOf('?')..] : "");
        if (query.Length <= 1)
        {
            return text;
        }

        var builder = new StringBuilder(text).Append('?');
        var first = true;
        foreach (var part in query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            var name = equals < 0 ? part : part[..equals];
            builder.Append(first ? "" : "&").Append(name);
            if (equals >= 0)
            {
                builder.Append('=').Append(IsSensitiveParameter(Uri.UnescapeDataString(name)) ? Mask : part[(equals + 1)..]);
            }

            first = false;
        }

        return builder.ToString();
    }

    /// <summary>Masks every occurrence of the given values (e.g. a secret echoed back in an errmsg).</summary>
    public static string Scrub(string text, IEnumerable<string> sensitiveValues)
    {
        foreach (var value in sensitiveValues)
        {
            // Very short values would mask innocent text and are no secret anyway.
            if (value.Length >= 6)
            {
                text = text.Replace(value, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
