using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Elements.Hosting.AspNetCore.WeChat;

/// <summary>The addresses Kestrel actually bound (known only once it started), in a form a client can call.</summary>
internal static class ServerAddresses
{
    public static IReadOnlyList<string> Get(IServer server) =>
        [.. (server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []).Select(ToCallable)];

    /// <summary>True when every bound address is a loopback one (wildcards are not).</summary>
    public static bool AllLoopback(IServer server) => AllLoopback(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);

    public static bool AllLoopback(IEnumerable<string> addresses) =>
        addresses.All(a =>
            Uri.TryCreate(a.Replace("://+:", "://0.0.0.0:", StringComparison.Ordinal).Replace("://*:", "://0.0.0.0:", StringComparison.Ordinal),
                UriKind.Absolute, out var uri) && uri.IsLoopback);

    /// <summary>http://[::]:5080, http://0.0.0.0:5080, http://+:5080 → http://127.0.0.1:5080: a wildcard is listened
    /// on, not connected to.</summary>
    public static string ToCallable(string address)
    {
        var trimmed = address.TrimEnd('/');
        var schemeEnd = trimmed.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return trimmed;
        }

        var authority = trimmed[(schemeEnd + 3)..];
        var portStart = authority.LastIndexOf(':');
        var host = portStart > 0 && !authority.EndsWith(']') ? authority[..portStart] : authority;
        var port = portStart > 0 && !authority.EndsWith(']') ? authority[portStart..] : "";
        return host is "[::]" or "0.0.0.0" or "+" or "*" ? $"{trimmed[..schemeEnd]}://127.0.0.1{port}" : trimmed;
    }
}
