using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Elements.Definitions;
using Elements.WeChat.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Elements.Std.WeChatApps;

/// <summary>
/// The WeChat apps of the loaded elements: every Instance whose config class implements <see cref="IWeChatAppConfig"/>
/// (<c>auths.loginTypes.WeChatMiniType</c>, <c>auths.loginTypes.WechatPublicType</c>, <c>messages.WechatCustomType</c>
/// and Types derived from them) supplies its appId, appSecret and base URL from its configuration. Read from the current
/// registry snapshot and rebuilt after each hot reload, so a changed secret or a new instance is used at once, whether
/// or not the element has been activated.
/// </summary>
public sealed partial class WeChatElementApps(IServiceProvider services, ILogger<WeChatElementApps> logger) : IWeChatAppSource
{
    private static readonly JsonSerializerOptions BindOptions = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString,
    };

    private Snapshot? _snapshot;

    public bool TryGet(string appId, [NotNullWhen(true)] out WeChatAppOptions? app)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);
        // Resolved on use: the client may be created before the element app has loaded.
        var elements = services.GetRequiredService<ElementApp>();
        var generation = elements.Generation;
        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot is null || snapshot.Generation != generation)
        {
            snapshot = new Snapshot(generation, Collect(elements));
            Volatile.Write(ref _snapshot, snapshot);
        }

        return snapshot.Apps.TryGetValue(appId, out app);
    }

    private Dictionary<string, WeChatAppOptions> Collect(ElementApp elements)
    {
        var apps = new Dictionary<string, (string Element, WeChatAppOptions App)>(StringComparer.Ordinal);
        foreach (var definition in elements.Elements)
        {
            if (definition.Layer != ElementLayer.Instance || definition.ConfigType is not { } configType
                || !typeof(IWeChatAppConfig).IsAssignableFrom(configType) || ToWeChatApp(definition, configType) is not { } app)
            {
                continue;
            }

            if (!apps.TryGetValue(app.AppId, out var first))
            {
                apps[app.AppId] = (definition.FullName, app);
            }
            else if (!string.Equals(first.App.AppSecret, app.AppSecret, StringComparison.Ordinal)
                || !string.Equals(first.App.ApiBaseUrl, app.ApiBaseUrl, StringComparison.Ordinal))
            {
                // Elements are ordered by full name, so the same one wins on every node and after every reload.
                LogConflict(logger, app.AppId, first.Element, definition.FullName);
            }
        }

        return apps.ToDictionary(p => p.Key, p => p.Value.App, StringComparer.Ordinal);
    }

    private WeChatAppOptions? ToWeChatApp(ElementDefinition definition, Type configType)
    {
        try
        {
            return (definition.Config.Deserialize(configType, BindOptions) as IWeChatAppConfig)?.ToWeChatApp();
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            // The registry refused configs that do not bind; one that still fails here names no usable app.
            LogUnbindable(logger, definition.FullName);
            return null;
        }
    }

    private sealed record Snapshot(long Generation, Dictionary<string, WeChatAppOptions> Apps);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "WeChat app {AppId} is configured differently by {Used} and {Ignored}; the client uses {Used}'s appSecret and base URL")]
    private static partial void LogConflict(ILogger logger, string appId, string used, string ignored);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The config of {Element} does not bind; its WeChat app is not available to the client")]
    private static partial void LogUnbindable(ILogger logger, string element);
}
