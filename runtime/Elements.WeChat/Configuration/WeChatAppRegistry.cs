using System.Collections.Concurrent;

namespace Elements.WeChat.Configuration;

/// <summary>
/// Apps a host or test adds by code at run time, next to those of <see cref="WeChatOptions.Apps"/> (which win, so a
/// host can pin base URLs per app). Elements do not register here: the element library supplies their apps from their
/// configuration through its own <see cref="IWeChatAppSource"/>.
/// </summary>
public sealed class WeChatAppRegistry : IWeChatAppSource
{
    private readonly ConcurrentDictionary<string, WeChatAppOptions> _apps = new(StringComparer.Ordinal);

    /// <summary>Adds or replaces the app with <paramref name="app"/>'s <see cref="WeChatAppOptions.AppId"/>.</summary>
    public void Register(WeChatAppOptions app)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentException.ThrowIfNullOrWhiteSpace(app.AppId);
        _apps[app.AppId] = app;
    }

    public bool TryGet(string appId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out WeChatAppOptions? app) =>
        _apps.TryGetValue(appId, out app);
}
