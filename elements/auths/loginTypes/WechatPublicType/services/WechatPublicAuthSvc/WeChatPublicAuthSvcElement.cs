using System.Text.Json.Nodes;
using Elements.Activation;

namespace Elements.Std.Auths.WeChatPublic;

/// <summary>
/// <c>auths.loginTypes.WechatPublicType.services.WechatPublicAuthSvc</c>, reached through an instance as
/// <c>auths.loginTypes.MyWechatLogin.services.WechatPublicAuthSvc</c>: the OAuth calls of that instance's
/// official account. Every call stores or updates the user's row in <c>WechatPublicAuthModel</c> (tokens encrypted).
/// </summary>
[ElementType("auths.loginTypes.WechatPublicType.services.WechatPublicAuthSvc")]
public sealed class WeChatPublicAuthSvcElement
{
    private readonly ElementContext _context;

    public WeChatPublicAuthSvcElement(ElementContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
    }

    public string FullName => _context.FullName;

    /// <summary>The login instance this service belongs to (activated on first use: it registers the app's credentials).</summary>
    public WeChatPublicLoginElement Login => _context.Owner is { } owner
        ? _context.App.GetElement<WeChatPublicLoginElement>(owner.FullName)
        : throw new ElementException(WeChatPublicErrorCodes.InstanceRequired,
            $"'{FullName}' belongs to the Type; call it through a login instance, e.g. auths.loginTypes.MyWechatLogin.services.WechatPublicAuthSvc");

    /// <summary><c>{access_token, expires_in, refresh_token, openid, scope}</c> for the callback's code.</summary>
    public Task<WeChatPublicTokenInfo> GetAccessTokenAsync(string? code = null, CancellationToken cancellationToken = default) =>
        Login.FetchAccessTokenAsync(code, cancellationToken);

    /// <summary>
    /// <c>{openid, nickname, headimgurl, sex, province, city, country, unionid}</c> for the callback's code; with
    /// <c>snsapi_base</c>, <c>{openid}</c> (and unionid when given) without calling <c>sns/userinfo</c>.
    /// </summary>
    public Task<JsonObject> GetUserInfoAsync(string? code = null, CancellationToken cancellationToken = default) =>
        Login.FetchUserInfoAsync(code, cancellationToken);

    /// <summary>A fresh access token from a refresh_token: <c>{access_token, expires_in, refresh_token, openid, scope}</c>.</summary>
    public Task<WeChatPublicTokenInfo> RefreshTokenAsync(string? refreshToken = null, CancellationToken cancellationToken = default) =>
        Login.RefreshAsync(refreshToken, cancellationToken);

    /// <summary>The stored user's profile read again with the stored tokens (refreshed when expired or rejected).</summary>
    public Task<JsonObject> SyncUserInfoAsync(string? openid = null, CancellationToken cancellationToken = default) =>
        Login.SyncUserInfoAsync(openid, cancellationToken);

    public override string ToString() => $"{FullName} (WechatPublicAuthSvc)";
}
