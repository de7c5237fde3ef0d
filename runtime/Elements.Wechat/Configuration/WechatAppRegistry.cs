using System.Collections.Concurrent;

namespace Elements.Wechat;

/// <summary>
/// Apps registered at run time, next to those of <see cref="WechatOptions.Apps"/>: a login or messaging element
/// carries its own appId and appSecret in its config and registers them when it is activated (and again after a hot
/// reload changed them). Configured options win over registrations, so a host can pin base URLs per app.
/// </summary>
public sealed class WechatAppRegistry
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
