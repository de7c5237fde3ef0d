namespace Elements.WeChatSandbox.Contracts;

/// <summary>A WeChat app known to the sandbox (<c>POST /sandbox/apps</c>).</summary>
public sealed class SandboxAppRegistration
{
    public string AppId { get; set; } = "";

    public string Secret { get; set; } = "";

    public SandboxAppKind Kind { get; set; } = SandboxAppKind.Official;

    /// <summary>Shown on the consent page.</summary>
    public string? Name { get; set; }

    /// <summary>Web OAuth2 callback domains (host, or host:port), matched exactly like WeChat does (no subdomains).</summary>
    public List<string> RedirectDomains { get; set; } = [];

    /// <summary>The open-platform account the app is bound to; when set, responses carry the user's unionid.</summary>
    public string? OpenPlatformId { get; set; }

    /// <summary>Daily call quotas by API path (e.g. <c>/cgi-bin/token</c>: 2000, the default); exceeding one gives 45009.</summary>
    public Dictionary<string, int> DailyQuotas { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Customer-service messages allowed per user interaction (45047 beyond).</summary>
    public int MessagesPerInteraction { get; set; } = 5;
}
