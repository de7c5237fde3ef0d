namespace Elements.Std.Auths.WeChatPublic;

/// <summary>
/// Decides whether a login may redirect back to a URL: absolute http/https, no user info, no fragment, and a host that
/// equals an entry of <c>redirectDomains</c> (case-insensitive, no subdomains); an entry with a port also pins the port.
/// The normalized URL is what is sent to WeChat, so what was checked is what is used.
/// </summary>
public static class RedirectPolicy
{
    public static bool IsValidDomainEntry(string? entry)
    {
        if (string.IsNullOrWhiteSpace(entry) || entry.Contains('/') || entry.Contains('*') || entry.Contains('@'))
        {
            return false;
        }

        return Uri.TryCreate("http://" + entry, UriKind.Absolute, out var uri)
            && (string.Equals(uri.Authority, entry, StringComparison.OrdinalIgnoreCase) || string.Equals(uri.Host, entry, StringComparison.OrdinalIgnoreCase))
            && uri.AbsolutePath == "/" && uri.Query.Length == 0;
    }

    /// <summary>The normalized absolute URL, or an <see cref="ElementException"/> (AUTH_REDIRECT_INVALID / AUTH_REDIRECT_DOMAIN).</summary>
    public static string Check(string? redirectUrl, IReadOnlyList<string> domains)
    {
        if (string.IsNullOrWhiteSpace(redirectUrl))
        {
            throw new ElementException(WeChatPublicErrorCodes.RedirectInvalid, "'redirectUrl' is required: the URL WeChat sends the user back to");
        }

        if (!Uri.TryCreate(redirectUrl.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ElementException(WeChatPublicErrorCodes.RedirectInvalid, "'redirectUrl' must be an absolute http:// or https:// URL");
        }

        if (uri.UserInfo.Length > 0)
        {
            throw new ElementException(WeChatPublicErrorCodes.RedirectInvalid, "'redirectUrl' must not carry user info (user@host)");
        }

        if (uri.Fragment.Length > 0)
        {
            throw new ElementException(WeChatPublicErrorCodes.RedirectInvalid, "'redirectUrl' must not have a #fragment (WeChat appends code and state to the query)");
        }

        if (domains.Count == 0)
        {
            throw new ElementException(WeChatPublicErrorCodes.RedirectDomain,
                "this login instance has no 'redirectDomains': add the callback's host to its config (and to the official account's web authorization domain)");
        }

        var host = uri.IdnHost;
        var allowed = domains.Any(entry =>
        {
            var colon = entry.LastIndexOf(':');
            var hasPort = colon > 0 && entry.IndexOf(']', StringComparison.Ordinal) < colon && int.TryParse(entry[(colon + 1)..], out _);
            var entryHost = (hasPort ? entry[..colon] : entry).Trim('[', ']');
            return string.Equals(entryHost, host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase)
                && (!hasPort || int.Parse(entry[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture) == uri.Port);
        });
        if (!allowed)
        {
            throw new ElementException(WeChatPublicErrorCodes.RedirectDomain,
                $"redirect host '{uri.Authority}' is not in this login instance's redirectDomains ({string.Join(", ", domains)}): no redirect to other sites");
        }

        return uri.AbsoluteUri;
    }
}
