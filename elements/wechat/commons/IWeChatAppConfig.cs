using Elements.WeChat.Configuration;

namespace Elements.Std.WeChatApps;

/// <summary>
/// Implemented by the config class of an element Type whose instances each name a WeChat app (a login, a messaging
/// account): <see cref="WeChatElementApps"/> gives the WeChat client the app of every loaded instance of such a Type.
/// </summary>
public interface IWeChatAppConfig
{
    /// <summary>The app this config names, or null when it names none (appId or appSecret missing).</summary>
    WeChatAppOptions? ToWeChatApp();
}
