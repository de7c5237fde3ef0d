using System.Net;
using Elements.WeChatSandbox.Server;

namespace Elements.WeChatSandbox.Control;

/// <summary>
/// The control API is unauthenticated (it is a development tool), so it answers only requests that cannot come from
/// another site in a developer's browser: a foreign <c>Origin</c> (a page elsewhere posting to it; a missing Origin is
/// a non-browser client such as curl or a test) and a <c>Host</c> that is not loopback or configured (DNS
/// rebinding: a hostile name resolving to 127.0.0.1 makes the browser treat the sandbox as that site's own origin).
/// </summary>
internal static class ControlRequestGuard
{
    /// <summary>Why the request is refused, or null when it may go on.</summary>
    public static string? Refusal(HttpRequest request, WeChatSandboxOptions options)
    {
        var host = request.Host.Host;
        if (!IsAllowedHost(host, options))
        {
            return "the control API answers only on localhost, a loopback address or a host listed in ControlHosts";
        }

        var origin = request.Headers.Origin;
        if (origin.Count == 0)
        {
            return null;
        }

        return origin.Count == 1 && IsOwnOrigin(origin.ToString(), request)
            ? null
            : "the control API refuses cross-origin requests";
    }

    private static bool IsAllowedHost(string host, WeChatSandboxOptions options)
    {
        if (host.Length == 0)
        {
            return false;
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || options.ControlHosts.Any(h => string.Equals(h, host, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    /// <summary>Scheme, host and port equal to the request's own (default ports made explicit on both sides).</summary>
    private static bool IsOwnOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var theirs)
        && Uri.TryCreate($"{request.Scheme}://{request.Host.Value}", UriKind.Absolute, out var ours)
        && string.Equals(theirs.Scheme, ours.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(theirs.IdnHost, ours.IdnHost, StringComparison.OrdinalIgnoreCase)
        && theirs.Port == ours.Port
        && theirs.AbsolutePath == "/";
}
