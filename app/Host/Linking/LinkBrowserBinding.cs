using System.Security.Cryptography;
using System.Text;

namespace Elements.Host.Linking;

/// <summary>
/// Binds a linking flow to the browser that started it (login CSRF): <c>authorise</c> sets a cookie derived from the
/// state's SHA-256, and the callback only accepts a state whose cookie the browser sends back. Without it, someone could
/// start a flow, consent as themselves, and send the callback URL to a victim, whose browser would then land on the
/// application with the attacker's profile. One cookie per flow (the name carries part of the hash), so two flows in
/// two tabs do not overwrite each other; HttpOnly, SameSite=Lax (WeChat's redirect back is a top-level GET), path
/// limited to the callback, Secure over HTTPS, expiring with the flow; deleted when the callback has used it.
/// </summary>
internal static class LinkBrowserBinding
{
    private const string Prefix = "elements_link_";
    private const int NameHexLength = 16;

    public static void Bind(HttpContext context, string state, TimeSpan ttl)
    {
        var (name, value) = Cookie(state);
        context.Response.Cookies.Append(name, value, Options(context, ttl));
    }

    /// <summary>True when the browser sent this state's cookie (compared in constant time); the cookie is then removed.</summary>
    public static bool TryRedeem(HttpContext context, string? state)
    {
        if (string.IsNullOrEmpty(state))
        {
            return false;
        }

        var (name, expected) = Cookie(state);
        if (context.Request.Cookies[name] is not { } sent
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(sent), Encoding.ASCII.GetBytes(expected)))
        {
            return false;
        }

        context.Response.Cookies.Delete(name, Options(context, TimeSpan.Zero));
        return true;
    }

    private static (string Name, string Value) Cookie(string state)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(state)));
        return (Prefix + hash[..NameHexLength], hash[NameHexLength..]);
    }

    private static CookieOptions Options(HttpContext context, TimeSpan ttl) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Lax,
        Path = LinkingEndpoints.CallbackPath,
        MaxAge = ttl,
        IsEssential = true,
    };
}
