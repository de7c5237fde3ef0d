namespace Elements.Host.Wechat;

/// <summary>Which WeChat the host talks to (<c>Elements:Wechat:Mode</c>).</summary>
public enum WechatMode
{
    /// <summary>The WeChat sandbox mounted in this process at WeChat's real paths; the client's base URLs point at it.</summary>
    Sandbox = 0,

    /// <summary>Real WeChat: no sandbox, WeChat's base URLs, app secrets from the environment.</summary>
    Live = 1,
}
