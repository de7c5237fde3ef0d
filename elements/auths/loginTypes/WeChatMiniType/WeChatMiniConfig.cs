using System.ComponentModel.DataAnnotations;
using Elements.Configuration;
using Elements.Std.WeChatApps;
using Elements.WeChat.Configuration;

namespace Elements.Std.Auths;

/// <summary>Config of a <c>auths.loginTypes.WeChatMiniType</c> instance: its e.json keys and business config file.</summary>
public sealed class WeChatMiniConfig : IValidatableObject, IWeChatAppConfig
{
    /// <summary>1: unknown users get a bindCode; 0 (default): AUTH_NOT_REGISTERED.</summary>
    public int AllowRegister { get; set; }

    public WeChatMiniAuthConfig? AuthConfig { get; set; }

    public WeChatAppOptions? ToWeChatApp() =>
        AuthConfig is { } auth && !string.IsNullOrWhiteSpace(auth.AppId) && !string.IsNullOrWhiteSpace(auth.AppSecret)
            ? new WeChatAppOptions
            {
                AppId = auth.AppId.Trim(),
                AppSecret = auth.AppSecret,
                ApiBaseUrl = string.IsNullOrWhiteSpace(auth.ApiBaseUrl) ? null : auth.ApiBaseUrl,
            }
            : null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AuthConfig is null)
        {
            yield return new ValidationResult("authConfig (appId, appSecret) is required", [nameof(AuthConfig)]);
            yield break;
        }

        if (string.IsNullOrWhiteSpace(AuthConfig.AppId))
        {
            yield return new ValidationResult("authConfig.appId is required", [nameof(AuthConfig)]);
        }

        if (string.IsNullOrWhiteSpace(AuthConfig.AppSecret))
        {
            yield return new ValidationResult("authConfig.appSecret is required", [nameof(AuthConfig)]);
        }

        if (AllowRegister is not (0 or 1))
        {
            yield return new ValidationResult("allowRegister must be 0 or 1", [nameof(AllowRegister)]);
        }
    }

    public override string ToString() => $"WeChatMiniConfig {{ AllowRegister = {AllowRegister}, AuthConfig = {AuthConfig} }}";
}

/// <summary><c>authConfig</c> of a WeChat Mini Program login.</summary>
public sealed class WeChatMiniAuthConfig
{
    public string AppId { get; set; } = "";

    [Secret]
    public string AppSecret { get; set; } = "";

    /// <summary>Optional WeChat API base URL for this app (a sandbox); default: the client's configured one.</summary>
    public string? ApiBaseUrl { get; set; }

    public override string ToString() => $"{{ AppId = {AppId}, AppSecret = ***, ApiBaseUrl = {ApiBaseUrl} }}";
}
