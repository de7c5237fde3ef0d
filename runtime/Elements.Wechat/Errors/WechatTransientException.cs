namespace Elements.Wechat;

/// <summary>-1 (system busy); retried with backoff before surfacing.</summary>
public sealed class WechatTransientException : WechatException
{
    public WechatTransientException(int errcode, string errmsg, string endpoint, string? rid)
        : base(errcode, errmsg, endpoint, rid)
    {
    }
}
