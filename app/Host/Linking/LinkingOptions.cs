namespace Elements.Host.Linking;

/// <summary>The WeChat linking flow (XPKit's Social Link), section <c>Elements:Linking</c>.</summary>
public sealed class LinkingOptions
{
    public const string SectionName = "Elements:Linking";

    /// <summary>account_id → the Official Account login element and the application domains it may return to.</summary>
    public Dictionary<string, LinkingAccount> Accounts { get; } = new(StringComparer.Ordinal);

    /// <summary>How long a started linking flow may take (the server-side record of its application_uri).</summary>
    public int RequestTtlSeconds { get; set; } = 600;

    /// <summary>Public root of this host for WeChat's redirect_uri (e.g. <c>https://example.com</c>). Empty: the
    /// request's own scheme and host (the login element still checks it against its <c>redirectDomains</c>).</summary>
    public string? PublicBaseUrl { get; set; }
}

/// <summary>One <c>account_id</c> (XPKit's socialauth configuration).</summary>
public sealed class LinkingAccount
{
    /// <summary>Full name of an <c>auths.loginTypes.WechatPublicType</c> instance, e.g. <c>auths.loginTypes.MyWechatLogin</c>.</summary>
    public string Login { get; set; } = "";

    /// <summary>Hosts (or host:port) application_uri may point at; exact match, no subdomains (error 101 otherwise).</summary>
    public List<string> ApplicationDomains { get; } = [];
}
