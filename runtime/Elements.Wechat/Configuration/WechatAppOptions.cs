namespace Elements.Wechat;

/// <summary>Settings of one WeChat app (mini program or official account), keyed by its app id.</summary>
public sealed class WechatAppOptions
{
    public string AppId { get; set; } = "";

    /// <summary>The AppSecret. Never logged, never part of an exception message or a <see cref="ToString"/>.</summary>
    public string AppSecret { get; set; } = "";

    /// <summary>Overrides <see cref="WechatOptions.ApiBaseUrl"/> for this app (e.g. a sandbox).</summary>
    public string? ApiBaseUrl { get; set; }

    /// <summary>Overrides <see cref="WechatOptions.OpenBaseUrl"/> for this app (browser pages such as the OAuth consent page).</summary>
    public string? OpenBaseUrl { get; set; }

    public WechatTokenMode TokenMode { get; set; } = WechatTokenMode.Stable;

    public override string ToString() => $"WechatAppOptions {{ AppId = {AppId}, AppSecret = ***, TokenMode = {TokenMode} }}";
}
