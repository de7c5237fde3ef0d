using System.Collections.Concurrent;

namespace Elements.Wechat;

/// <summary>
/// Apps a host or test adds by code at run time, next to those of <see cref="WechatOptions.Apps"/> (which win, so a
/// host can pin base URLs per app). Elements do not register here: the element library supplies their apps from their
/// configuration through its own <see cref="IWechatAppSource"/>.
/// </summary>
public sealed class WechatAppRegistry : IWechatAppSource
{
    private readonly ConcurrentDictionary<string, WechatAppOptions> _apps = new(StringComparer.Ordinal);

    /// <summary>Adds or replaces the app with <paramref name="app"/>'s <see cref="WechatAppOptions.AppId"/>.</summary>
    public void Register(WechatAppOptions app)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentException.ThrowIfNullOrWhiteSpace(app.AppId);
        _apps[app.AppId] = app;
    }

    public bool TryGet(string appId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out WechatAppOptions? app) =>
        _apps.TryGetValue(appId, out app);
}
