namespace Elements.WeChat.Configuration;

/// <summary>Settings of one WeChat app (mini program or official account), keyed by its app id.</summary>
public sealed class WeChatAppOptions
{
    public string AppId { get; set; } = "";

    /// <summary>The AppSecret. Never logged, never part of an exception message or a <see cref="ToString"/>.</summary>
    public string AppSecret { get; set; } = "";

    /// <summary>Overrides <see cref="WeChatOptions.ApiBaseUrl"/> for this app (e.g. a sandbox).</summary>
    public string? ApiBaseUrl { get; set; }

    /// <summary>Overrides <see cref="WeChatOptions.OpenBaseUrl"/> for this app (browser pages such as the OAuth consent page).</summary>
    public string? OpenBaseUrl { get; set; }

    public WeChatTokenMode TokenMode { get; set; } = WeChatTokenMode.Stable;

    public override string ToString() => $"WeChatAppOptions {{ AppId = {AppId}, AppSecret = ***, TokenMode = {TokenMode} }}";
}
