using System.ComponentModel.DataAnnotations;
using Elements.Configuration;
using Elements.Std.WeChatApps;
using Elements.WeChat.Configuration;

namespace Elements.Std.Messages;

/// <summary>
/// Config of a <c>messages.WechatCustomType</c> instance: the official account the messages are sent as. The
/// <see cref="AppSecret"/> belongs in the environment: write it as a <c>{{VAR}}</c> placeholder in the business config.
/// </summary>
public sealed class WeChatCustomConfig : IValidatableObject, IWeChatAppConfig
{
    public const string StableTokenMode = "stable";
    public const string ClassicTokenMode = "classic";

    /// <summary>The official account's AppID.</summary>
    public string AppId { get; set; } = "";

    /// <summary>The official account's AppSecret; never shown (<c>***</c>), never logged.</summary>
    [Secret]
    public string AppSecret { get; set; } = "";

    /// <summary><c>stable</c> (default: <c>POST /cgi-bin/stable_token</c>, safe with several servers) or <c>classic</c>
    /// (<c>GET /cgi-bin/token</c>, each fetch supersedes the previous token).</summary>
    public string TokenMode { get; set; } = StableTokenMode;

    /// <summary><see cref="TokenMode"/> as the client's enum (valid once <see cref="Validate"/> passed).</summary>
    public WeChatTokenMode ParsedTokenMode =>
        string.Equals(TokenMode?.Trim(), ClassicTokenMode, StringComparison.OrdinalIgnoreCase) ? WeChatTokenMode.Classic : WeChatTokenMode.Stable;

    public WeChatAppOptions? ToWeChatApp() =>
        string.IsNullOrWhiteSpace(AppId) || string.IsNullOrWhiteSpace(AppSecret)
            ? null
            : new WeChatAppOptions { AppId = AppId, AppSecret = AppSecret, TokenMode = ParsedTokenMode };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(AppId))
        {
            yield return new ValidationResult("'appId' is required (the official account's AppID)", [nameof(AppId)]);
        }
        else if (AppId.Trim() != AppId || AppId.Contains(' ', StringComparison.Ordinal))
        {
            yield return new ValidationResult("'appId' must not contain spaces", [nameof(AppId)]);
        }

        if (string.IsNullOrWhiteSpace(AppSecret))
        {
            // The value itself is never quoted.
            yield return new ValidationResult("'appSecret' is required (write it as a {{VAR}} placeholder)", [nameof(AppSecret)]);
        }

        var mode = TokenMode?.Trim();
        if (!string.Equals(mode, StableTokenMode, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(mode, ClassicTokenMode, StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult($"'tokenMode' must be '{StableTokenMode}' or '{ClassicTokenMode}'", [nameof(TokenMode)]);
        }
    }

    public override string ToString() => $"WeChatCustomConfig {{ AppId = {AppId}, AppSecret = {SecretRedactor.Mask}, TokenMode = {TokenMode} }}";
}
