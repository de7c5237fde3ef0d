namespace Elements.Wechat;

/// <summary>Maps WeChat errcodes to their <see cref="WechatErrorClass"/> and to the matching exception type.</summary>
public static class WechatErrors
{
    public static WechatErrorClass Classify(int errcode) => errcode switch
    {
        -1 => WechatErrorClass.Transient,
        40001 or 40014 or 42001 => WechatErrorClass.InvalidCredential,
        45009 or 45011 or 45047 => WechatErrorClass.RateLimited,
        40029 or 40163 or 42003 => WechatErrorClass.InvalidCode,
        40013 or 40125 or 40164 => WechatErrorClass.Configuration,
        43004 or 45015 or 48001 or 50001 => WechatErrorClass.UserSide,
        _ => WechatErrorClass.Other,
    };

    /// <summary>The exception for an error body <c>{errcode, errmsg}</c> returned by <paramref name="endpoint"/>.</summary>
    public static WechatException FromResponse(int errcode, string errmsg, string endpoint)
    {
        var rid = ExtractRid(errmsg);
        return Classify(errcode) switch
        {
            WechatErrorClass.Transient => new WechatTransientException(errcode, errmsg, endpoint, rid),
            WechatErrorClass.InvalidCredential => new WechatInvalidCredentialException(errcode, errmsg, endpoint, rid),
            WechatErrorClass.RateLimited => new WechatRateLimitedException(errcode, errmsg, endpoint, rid),
            WechatErrorClass.InvalidCode => new WechatInvalidCodeException(errcode, errmsg, endpoint, rid),
            WechatErrorClass.Configuration => new WechatConfigurationException(errcode, errmsg, endpoint, rid),
            WechatErrorClass.UserSide => new WechatUserException(errcode, errmsg, endpoint, rid),
            _ => new WechatException(errcode, errmsg, endpoint, rid),
        };
    }

    /// <summary>WeChat appends <c>rid: &lt;request id&gt;</c> to errmsg; support asks for it.</summary>
    public static string? ExtractRid(string? errmsg)
    {
        if (string.IsNullOrEmpty(errmsg))
        {
            return null;
        }

        var index = errmsg.LastIndexOf("rid:", StringComparison.Ordinal);
        if (index < 0)
        {
            return null;
        }

        var rid = errmsg[(index + 4)..].Trim();
        var end = rid.IndexOfAny([' ', ',', ';']);
        rid = end >= 0 ? rid[..end] : rid;
        return rid.Length == 0 ? null : rid;
    }
}
