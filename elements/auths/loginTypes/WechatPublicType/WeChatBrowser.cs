using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Elements.Std.Auths.WeChatPublic;

/// <summary>What a User-Agent says about WeChat: <c>detectBrowser</c>'s result.</summary>
public sealed record WeChatBrowserInfo(
    [property: JsonPropertyName("isWechat")] bool IsWeChat,
    [property: JsonPropertyName("isWechatWork")] bool IsWeChatWork,
    [property: JsonPropertyName("isMiniProgram")] bool IsMiniProgram,
    [property: JsonPropertyName("version")] string? Version);

/// <summary>
/// Reads WeChat's in-app browsers from a User-Agent: WeChat (<c>MicroMessenger/8.0.47.2560(0x28002F30)</c>), WeChat
/// Work (<c>wxwork/4.1.0</c>, which also carries MicroMessenger) and a mini program's web-view (<c>miniProgram</c>, or
/// <c>miniprogram</c> as <c>__wxjs_environment</c> reports it on some clients).
/// </summary>
public static partial class WeChatBrowser
{
    /// <summary>True in WeChat's in-app browser (including WeChat Work and mini-program web-views, which are WeChat too).</summary>
    public static bool IsWeChat(string? userAgent) =>
        !string.IsNullOrEmpty(userAgent) && userAgent.Contains("MicroMessenger", StringComparison.OrdinalIgnoreCase);

    public static WeChatBrowserInfo Detect(string? userAgent)
    {
        if (string.IsNullOrEmpty(userAgent))
        {
            return new WeChatBrowserInfo(false, false, false, null);
        }

        var isWechat = IsWeChat(userAgent);
        var version = VersionPattern().Match(userAgent);
        return new WeChatBrowserInfo(
            isWechat,
            userAgent.Contains("wxwork", StringComparison.OrdinalIgnoreCase),
            isWechat && userAgent.Contains("miniprogram", StringComparison.OrdinalIgnoreCase),
            version.Success ? version.Groups["v"].Value : null);
    }

    [GeneratedRegex(@"MicroMessenger/(?<v>\d+(?:\.\d+){0,3})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex VersionPattern();
}
