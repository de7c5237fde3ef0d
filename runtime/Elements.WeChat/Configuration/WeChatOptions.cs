namespace Elements.WeChat.Configuration;

/// <summary>Options of the WeChat client: the known apps and the transport policy shared by all of them.</summary>
public sealed class WeChatOptions
{
    public const string DefaultApiBaseUrl = "https://api.weixin.qq.com";
    public const string DefaultOpenBaseUrl = "https://open.weixin.qq.com";

    /// <summary>Apps by app id. Binding from configuration uses the key as app id when <see cref="WeChatAppOptions.AppId"/> is empty.</summary>
    public Dictionary<string, WeChatAppOptions> Apps { get; } = new(StringComparer.Ordinal);

    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    public string OpenBaseUrl { get; set; } = DefaultOpenBaseUrl;

    /// <summary>Upper bound of one client call including its retries.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Upper bound of one HTTP attempt; a slow attempt is abandoned and retried.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries of transient failures (errcode -1, HTTP 5xx, dropped connections, attempt timeouts). 0 disables retries.</summary>
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>First retry delay; later ones grow exponentially (with jitter).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long before expiry a cached access token is renewed. Kept under WeChat's 5-minute stable_token window
    /// so that a renewal actually obtains a new token instead of the same one.
    /// </summary>
    public TimeSpan TokenRefreshAhead { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>How long a refresh lease is held before another caller (or process) may take over a stuck refresh.</summary>
    public TimeSpan TokenLeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a caller waiting for another process's refresh looks at the store again.</summary>
    public TimeSpan TokenLeasePollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Adds (or replaces) an app.</summary>
    public WeChatOptions AddApp(string appId, string appSecret, Action<WeChatAppOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);
        var app = new WeChatAppOptions { AppId = appId, AppSecret = appSecret };
        configure?.Invoke(app);
        Apps[appId] = app;
        return this;
    }
}
