namespace Elements.WeChat.Errors;

/// <summary>The user does not allow the call (43004/45015/48001/50001).</summary>
public sealed class WeChatUserException : WeChatException
{
    public WeChatUserException(int errcode, string errmsg, string endpoint, string? rid)
        : base(errcode, errmsg, endpoint, rid)
    {
    }
}
