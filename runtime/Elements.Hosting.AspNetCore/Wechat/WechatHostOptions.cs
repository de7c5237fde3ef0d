using Elements.Wechat;

namespace Elements.Hosting.AspNetCore.Wechat;

/// <summary>WeChat settings of the host, section <c>Elements:Wechat</c>.</summary>
public sealed class WechatHostOptions
{
    public const string SectionName = "Elements:Wechat";

    /// <summary>Client apps for live mode, by app id; secrets come from the environment, e.g.
    /// <c>Elements__Wechat__Apps__wx123__AppSecret</c>.</summary>
    public const string AppsSectionName = "Elements:Wechat:Apps";

    /// <summary>The WeChat client's timing (a <see cref="WechatOptions"/>: <c>Timeout</c>, <c>AttemptTimeout</c>,
    /// <c>MaxRetryAttempts</c>, <c>RetryBaseDelay</c>, token refresh and lease settings).</summary>
    public const string ClientSectionName = "Elements:Wechat:Client";

    public WechatMode Mode { get; set; } = WechatMode.Sandbox;

    /// <summary>Where access tokens are cached: <see cref="WechatTokenStore.Auto"/> shares them through a PostgreSQL
    /// database (hosts behind a load balancer then make one token request between them), else keeps them in memory.</summary>
    public WechatTokenStore TokenStore { get; set; } = WechatTokenStore.Auto;

    /// <summary>Live mode: WeChat's API root.</summary>
    public string ApiBaseUrl { get; set; } = WechatOptions.DefaultApiBaseUrl;

    /// <summary>Live mode: WeChat's browser-page root (the OAuth consent page).</summary>
    public string OpenBaseUrl { get; set; } = WechatOptions.DefaultOpenBaseUrl;

    /// <summary>Sandbox mode: where the client reaches the sandbox. Empty: this host's own first bound address (a
    /// wildcard address is reached through loopback), where the sandbox add-on (<c>AddWechatSandbox()</c> of
    /// <c>Elements.WechatSandbox.Hosting</c>) mounts it.</summary>
    public string? SandboxBaseUrl { get; set; }

    /// <summary>Domain-verification files served at <c>/{name}</c> byte for byte, e.g.
    /// <c>{"MP_verify_abc.txt": "abc"}</c>. Only names of the form <c>MP_verify_*.txt</c> are served.</summary>
    public Dictionary<string, string> VerifyFiles { get; } = new(StringComparer.Ordinal);
}
