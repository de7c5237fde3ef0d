using Elements.Wechat;

namespace Elements.Std.WechatApps;

/// <summary>
/// Implemented by the config class of an element Type whose instances each name a WeChat app (a login, a messaging
/// account): <see cref="WechatElementApps"/> gives the WeChat client the app of every loaded instance of such a Type.
/// </summary>
public interface IWechatAppConfig
{
    /// <summary>The app this config names, or null when it names none (appId or appSecret missing).</summary>
    WechatAppOptions? ToWechatApp();
}
