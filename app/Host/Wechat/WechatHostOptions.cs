using Elements.Wechat;

namespace Elements.Host.Wechat;

/// <summary>WeChat settings of the host, section <c>Elements:Wechat</c>.</summary>
public sealed class WechatHostOptions
{
    public const string SectionName = "Elements:Wechat";

    /// <summary>The sandbox's seed apps and users (a <see cref="Elements.WechatSandbox.WechatSandboxOptions"/>).</summary>
    public const string SandboxSectionName = "Elements:Wechat:Sandbox";

    /// <summary>Client apps for live mode, by app id; secrets come from the environment, e.g.
    /// <c>Elements__Wechat__Apps__wx123__AppSecret</c>.</summary>
    public const string AppsSectionName = "Elements:Wechat:Apps";

    public WechatMode Mode { get; set; } = WechatMode.Sandbox;

    /// <summary>Live mode: WeChat's API root.</summary>
    public string ApiBaseUrl { get; set; } = WechatOptions.DefaultApiBaseUrl;

    /// <summary>Live mode: WeChat's browser-page root (the OAuth consent page).</summary>
    public string OpenBaseUrl { get; set; } = WechatOptions.DefaultOpenBaseUrl;

    /// <summary>Sandbox mode: where the client reaches the in-process sandbox. Empty: this host's own first bound
    /// address (a wildcard address is reached through loopback).</summary>
    public string? SandboxBaseUrl { get; set; }

    /// <summary>Domain-verification files served at <c>/{name}</c> byte for byte, e.g.
    /// <c>{"MP_verify_abc.txt": "abc"}</c>. Only names of the form <c>MP_verify_*.txt</c> are served.</summary>
    public Dictionary<string, string> VerifyFiles { get; } = new(StringComparer.Ordinal);
}
