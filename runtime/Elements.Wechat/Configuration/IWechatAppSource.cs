using System.Diagnostics.CodeAnalysis;

namespace Elements.Wechat;

/// <summary>
/// Supplies apps the client may call besides those of <see cref="WechatOptions.Apps"/> (which win): e.g. the element
/// library reads each WeChat element's appId and appSecret from the loaded elements' configuration. Register
/// implementations as <c>IWechatAppSource</c> singletons; they are asked in registration order on every call, so a
/// source that follows changing configuration (a hot reload) is seen at once.
/// </summary>
public interface IWechatAppSource
{
    /// <summary>The app with this id, or false when this source does not know it.</summary>
    bool TryGet(string appId, [NotNullWhen(true)] out WechatAppOptions? app);
}
