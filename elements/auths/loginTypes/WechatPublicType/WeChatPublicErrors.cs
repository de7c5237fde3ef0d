using Elements.WeChat.Errors;

namespace Elements.Std.Auths.WeChatPublic;

/// <summary>The stable error codes of <c>auths.loginTypes.WechatPublicType</c> (besides WeChat's <c>WECHAT_&lt;errcode&gt;</c>).</summary>
public static class WeChatPublicErrorCodes
{
    /// <summary>The callback carried no state.</summary>
    public const string StateMissing = "AUTH_STATE_MISSING";

    /// <summary>The state is not in the form this element issues.</summary>
    public const string StateMalformed = "AUTH_STATE_MALFORMED";

    /// <summary>The state was issued by another login instance or app.</summary>
    public const string StateForeign = "AUTH_STATE_FOREIGN";

    /// <summary>The state's signature does not match (tampered), or it differs from the pinned state.</summary>
    public const string StateInvalid = "AUTH_STATE_INVALID";

    /// <summary>The state is older than <c>stateTtlSeconds</c>.</summary>
    public const string StateExpired = "AUTH_STATE_EXPIRED";

    /// <summary>The state was already used by an earlier callback.</summary>
    public const string StateReplayed = "AUTH_STATE_REPLAYED";

    /// <summary>The redirect URL's host (or port) is not in <c>redirectDomains</c>.</summary>
    public const string RedirectDomain = "AUTH_REDIRECT_DOMAIN";

    /// <summary>The redirect URL is not an absolute http(s) URL without credentials or fragment.</summary>
    public const string RedirectInvalid = "AUTH_REDIRECT_INVALID";

    /// <summary>A scope other than snsapi_userinfo or snsapi_base.</summary>
    public const string ScopeInvalid = "AUTH_SCOPE_INVALID";

    /// <summary>The user agent is not WeChat's in-app browser.</summary>
    public const string NotWeChatBrowser = "AUTH_NOT_WECHAT_BROWSER";

    /// <summary>A required argument (code, refreshToken, ...) is empty.</summary>
    public const string ArgumentMissing = "AUTH_ARGUMENT_MISSING";

    /// <summary>The service was reached through the Type rather than through an instance.</summary>
    public const string InstanceRequired = "AUTH_INSTANCE_REQUIRED";

    /// <summary>No stored authorization for that openid.</summary>
    public const string NotAuthorized = "AUTH_WECHAT_NOT_AUTHORIZED";
}

/// <summary>
/// A WeChat error the login flow knows how to explain (used code, expired refresh token, ...): keeps the client's code
/// <c>WECHAT_&lt;errcode&gt;</c> and details (errcode, errmsg, rid) and says what to do in the message.
/// </summary>
public sealed class WeChatPublicLoginException : WeChatException
{
    private WeChatPublicLoginException(WeChatException inner, string explanation)
        : base(inner.Code, $"{explanation} (WeChat {inner.Endpoint}: errcode {inner.Errcode}, {inner.Errmsg})", inner.Errcode, inner.Errmsg,
            inner.Endpoint, inner.Rid, inner)
    {
    }

    /// <summary>The same error with a clear explanation when one is known; otherwise <paramref name="error"/> itself.</summary>
    public static WeChatException Explain(WeChatException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var explanation = error.Errcode switch
        {
            40163 => "this authorization code was already used: WeChat codes are single-use, start the login again "
                + "(a callback requested twice, e.g. by a reload, is the usual cause)",
            40029 => "this authorization code is invalid: start the login again",
            42003 => "this authorization code has expired (codes live 5 minutes): start the login again",
            40030 => "the refresh_token is invalid: the user must authorize again",
            42002 => "the refresh_token has expired (it lives 30 days): the user must authorize again",
            42001 or 40001 or 40014 => "the user's access token was rejected (it lives 2 hours) and a refresh did not help: the user must authorize again",
            48001 => "this authorization has scope snsapi_base: user info needs scope snsapi_userinfo",
            40013 or 40125 => "WeChat rejected the appId/appSecret of this login instance: check its config",
            _ => null,
        };
        return explanation is null ? error : new WeChatPublicLoginException(error, explanation);
    }
}
