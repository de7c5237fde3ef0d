using System.Diagnostics.CodeAnalysis;

namespace Elements.WeChat.Configuration;

/// <summary>
/// Supplies apps the client may call besides those of <see cref="WeChatOptions.Apps"/> (which win): e.g. the element
/// library reads each WeChat element's appId and appSecret from the loaded elements' configuration. Register
/// implementations as <c>IWeChatAppSource</c> singletons; they are asked in registration order on every call, so a
/// source that follows changing configuration (a hot reload) is seen at once.
/// </summary>
public interface IWeChatAppSource
{
    /// <summary>The app with this id, or false when this source does not know it.</summary>
    bool TryGet(string appId, [NotNullWhen(true)] out WeChatAppOptions? app);
}
