namespace Elements.WeChat.Errors;

/// <summary>A WeChat quota was hit (45009/45011/45047); never retried.</summary>
public sealed class WeChatRateLimitedException : WeChatException
{
    public WeChatRateLimitedException(int errcode, string errmsg, string endpoint, string? rid)
        : base(errcode, errmsg, endpoint, rid)
    {
    }
}
