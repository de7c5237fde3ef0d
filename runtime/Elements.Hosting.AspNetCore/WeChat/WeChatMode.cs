namespace Elements.Hosting.AspNetCore.WeChat;

/// <summary>Which WeChat the host talks to (<c>Elements:WeChat:Mode</c>).</summary>
public enum WeChatMode
{
    /// <summary>A WeChat sandbox: the client's base URLs point at <see cref="WeChatHostOptions.SandboxBaseUrl"/>, or at
    /// this host, where the sandbox add-on (<c>Elements.WeChatSandbox.Hosting</c>) mounts it at WeChat's real paths.</summary>
    Sandbox = 0,

    /// <summary>Real WeChat: no sandbox, WeChat's base URLs, app secrets from the environment.</summary>
    Live = 1,
}
