namespace Elements.WeChat.Errors;

/// <summary>Maps WeChat errcodes to their <see cref="WeChatErrorClass"/> and to the matching exception type.</summary>
public static class WeChatErrors
{
    public static WeChatErrorClass Classify(int errcode) => errcode switch
    {
        -1 => WeChatErrorClass.Transient,
        40001 or 40014 or 42001 => WeChatErrorClass.InvalidCredential,
        45009 or 45011 or 45047 => WeChatErrorClass.RateLimited,
        40029 or 40163 or 42003 => WeChatErrorClass.InvalidCode,
        40013 or 40125 or 40164 => WeChatErrorClass.Configuration,
        43004 or 45015 or 48001 or 50001 => WeChatErrorClass.UserSide,
        _ => WeChatErrorClass.Other,
    };

    /// <summary>The exception for an error body <c>{errcode, errmsg}</c> returned by <paramref name="endpoint"/>.</summary>
    public static WeChatException FromResponse(int errcode, string errmsg, string endpoint)
    {
        var rid = ExtractRid(errmsg);
        return Classify(errcode) switch
        {
            WeChatErrorClass.Transient => new WeChatTransientException(errcode, errmsg, endpoint, rid),
            WeChatErrorClass.InvalidCredential => new WeChatInvalidCredentialException(errcode, errmsg, endpoint, rid),
            WeChatErrorClass.RateLimited => new WeChatRateLimitedException(errcode, errmsg, endpoint, rid),
            WeChatErrorClass.InvalidCode => new WeChatInvalidCodeException(errcode, errmsg, endpoint, rid),
            WeChatErrorClass.Configuration => new WeChatConfigurationException(errcode, errmsg, endpoint, rid),
            WeChatErrorClass.UserSide => new WeChatUserException(errcode, errmsg, endpoint, rid),
            _ => new WeChatException(errcode, errmsg, endpoint, rid),
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
