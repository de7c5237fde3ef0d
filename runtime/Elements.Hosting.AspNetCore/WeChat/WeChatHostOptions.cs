using Elements.WeChat.Configuration;

namespace Elements.Hosting.AspNetCore.WeChat;

/// <summary>WeChat settings of the host, section <c>Elements:WeChat</c>.</summary>
public sealed class WeChatHostOptions
{
    public const string SectionName = "Elements:WeChat";

    /// <summary>Client apps for live mode, by app id; secrets come from the environment, e.g.
    /// <c>Elements__WeChat__Apps__wx123__AppSecret</c>.</summary>
    public const string AppsSectionName = "Elements:WeChat:Apps";

    /// <summary>The WeChat client's timing (a <see cref="WeChatOptions"/>: <c>Timeout</c>, <c>AttemptTimeout</c>,
    /// <c>MaxRetryAttempts</c>, <c>RetryBaseDelay</c>, token refresh and lease settings).</summary>
    public const string ClientSectionName = "Elements:WeChat:Client";

    public WeChatMode Mode { get; set; } = WeChatMode.Sandbox;

    /// <summary>Where access tokens are cached: <see cref="WeChatTokenStore.Auto"/> shares them through a PostgreSQL
    /// database (hosts behind a load balancer then make one token request between them), else keeps them in memory.</summary>
    public WeChatTokenStore TokenStore { get; set; } = WeChatTokenStore.Auto;

    /// <summary>Live mode: WeChat's API root.</summary>
    public string ApiBaseUrl { get; set; } = WeChatOptions.DefaultApiBaseUrl;

    /// <summary>Live mode: WeChat's browser-page root (the OAuth consent page).</summary>
    public string OpenBaseUrl { get; set; } = WeChatOptions.DefaultOpenBaseUrl;

    /// <summary>Sandbox mode: where the client reaches the sandbox. Empty: this host's own first bound address (a
    /// wildcard address is reached through loopback), where the sandbox add-on (<c>AddWeChatSandbox()</c> of
    /// <c>Elements.WeChatSandbox.Hosting</c>) mounts it.</summary>
    public string? SandboxBaseUrl { get; set; }

    /// <summary>Domain-verification files served at <c>/{name}</c> byte for byte, e.g.
    /// <c>{"MP_verify_abc.txt": "abc"}</c>. Only names of the form <c>MP_verify_*.txt</c> are served.</summary>
    public Dictionary<string, string> VerifyFiles { get; } = new(StringComparer.Ordinal);
}
