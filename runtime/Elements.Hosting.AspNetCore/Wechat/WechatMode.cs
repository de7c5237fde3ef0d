namespace Elements.Hosting.AspNetCore.Wechat;

/// <summary>Which WeChat the host talks to (<c>Elements:Wechat:Mode</c>).</summary>
public enum WechatMode
{
    /// <summary>A WeChat sandbox: the client's base URLs point at <see cref="WechatHostOptions.SandboxBaseUrl"/>, or at
    /// this host, where the sandbox add-on (<c>Elements.WechatSandbox.Hosting</c>) mounts it at WeChat's real paths.</summary>
    Sandbox = 0,

    /// <summary>Real WeChat: no sandbox, WeChat's base URLs, app secrets from the environment.</summary>
    Live = 1,
}
