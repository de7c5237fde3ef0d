using System.ComponentModel.DataAnnotations;
using Elements.Configuration;
using Elements.Std.WeChatApps;
using Elements.WeChat.Configuration;
using Elements.WeChat.Models;

namespace Elements.Std.Auths.WeChatPublic;

/// <summary>
/// Config of an <c>auths.loginTypes.WechatPublicType</c> instance (JitAi's: appId, appSecret, scope, state) plus the
/// redirect allowlist, allowRegister and the state settings. <see cref="AppSecret"/> and <see cref="StateKey"/> belong
/// in the environment: write them as <c>{{VAR}}</c> placeholders.
/// </summary>
public sealed class WeChatPublicConfig : IValidatableObject, IWeChatAppConfig
{
    public const int MaxStateLength = 128;
    public const int DefaultStateTtlSeconds = 600;

    /// <summary>The official account's AppID.</summary>
    public string AppId { get; set; } = "";

    /// <summary>The official account's AppSecret; never shown (<c>***</c>), never logged.</summary>
    [Secret]
    public string AppSecret { get; set; } = "";

    /// <summary><c>snsapi_userinfo</c> (default: consent page, full profile) or <c>snsapi_base</c> (silent, openid only).</summary>
    public string Scope { get; set; } = WeChatScopes.UserInfo;

    /// <summary>
    /// A fixed state (JitAi's <c>custom_state_value</c>): when set, <c>login</c> sends it and the callback must carry
    /// exactly it. When empty (recommended) each login gets a fresh signed, expiring, single-use state.
    /// </summary>
    public string? State { get; set; }

    /// <summary>
    /// Hosts (or <c>host:port</c>) a login may redirect back to, matched exactly (no subdomains). Empty: every
    /// redirect URL is refused.
    /// </summary>
    public List<string> RedirectDomains { get; set; } = [];

    /// <summary>1: an unknown WeChat user gets a bindCode to register with; 0 (default, as for the mini program): AUTH_NOT_REGISTERED.</summary>
    public int AllowRegister { get; set; }

    /// <summary>How long an issued state is accepted, in seconds (30 to 3600; default 600).</summary>
    public int StateTtlSeconds { get; set; } = DefaultStateTtlSeconds;

    /// <summary>
    /// Optional Base64 key (at least 32 bytes) signing the issued states. Without it the signing key is derived
    /// (HKDF-SHA256) from the AppSecret, which every node of the app shares already.
    /// </summary>
    [Secret]
    public string? StateKey { get; set; }

    /// <summary>True when <see cref="State"/> pins a fixed state.</summary>
    public bool HasPinnedState => !string.IsNullOrEmpty(State);

    public WeChatAppOptions? ToWeChatApp() =>
        string.IsNullOrWhiteSpace(AppId) || string.IsNullOrWhiteSpace(AppSecret) ? null : new WeChatAppOptions { AppId = AppId, AppSecret = AppSecret };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(AppId))
        {
            yield return new ValidationResult("'appId' is required (the official account's AppID)", [nameof(AppId)]);
        }
        else if (!AppId.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            yield return new ValidationResult("'appId' may only contain letters, digits, '_' and '-'", [nameof(AppId)]);
        }

        if (string.IsNullOrWhiteSpace(AppSecret))
        {
            // The value itself is never quoted.
            yield return new ValidationResult("'appSecret' is required (write it as a {{VAR}} placeholder)", [nameof(AppSecret)]);
        }

        if (Scope is not (WeChatScopes.UserInfo or WeChatScopes.Base))
        {
            yield return new ValidationResult($"'scope' must be '{WeChatScopes.UserInfo}' or '{WeChatScopes.Base}'", [nameof(Scope)]);
        }

        if (HasPinnedState && (State!.Length > MaxStateLength || !State.All(char.IsAsciiLetterOrDigit)))
        {
            yield return new ValidationResult($"'state' must be 1 to {MaxStateLength} characters of A-Z, a-z, 0-9 (WeChat's rule)", [nameof(State)]);
        }

        // JSON null binds as null, not as the empty default.
        if (RedirectDomains is null)
        {
            yield return new ValidationResult("'redirectDomains' must be a list of host names (or left out)", [nameof(RedirectDomains)]);
        }

        for (var i = 0; i < (RedirectDomains?.Count ?? 0); i++)
        {
            if (!RedirectPolicy.IsValidDomainEntry(RedirectDomains![i]))
            {
                yield return new ValidationResult(
                    $"'redirectDomains[{i}]' must be a host name or host:port (no scheme, path or wildcard)", [nameof(RedirectDomains)]);
            }
        }

        if (AllowRegister is not (0 or 1))
        {
            yield return new ValidationResult("'allowRegister' must be 0 or 1", [nameof(AllowRegister)]);
        }

        if (StateTtlSeconds is < 30 or > 3600)
        {
            yield return new ValidationResult("'stateTtlSeconds' must be between 30 and 3600", [nameof(StateTtlSeconds)]);
        }

        if (!string.IsNullOrEmpty(StateKey) && DecodeStateKey(StateKey) is null)
        {
            yield return new ValidationResult("'stateKey' must be Base64 of at least 32 bytes", [nameof(StateKey)]);
        }
    }

    internal static byte[]? DecodeStateKey(string value)
    {
        try
        {
            var key = Convert.FromBase64String(value.Trim());
            return key.Length >= 32 ? key : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public override string ToString() =>
        $"WeChatPublicConfig {{ AppId = {AppId}, AppSecret = {SecretRedactor.Mask}, Scope = {Scope}, State = {(HasPinnedState ? "(pinned)" : "(per login)")}, RedirectDomains = [{string.Join(", ", RedirectDomains)}], AllowRegister = {AllowRegister} }}";
}
