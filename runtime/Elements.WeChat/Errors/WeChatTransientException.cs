namespace Elements.WeChat.Errors;

/// <summary>-1 (system busy); retried with backoff before surfacing.</summary>
public sealed class WeChatTransientException : WeChatException
{
    public WeChatTransientException(int errcode, string errmsg, string endpoint, string? rid)
        : base(errcode, errmsg, endpoint, rid)
    {
    }
}
