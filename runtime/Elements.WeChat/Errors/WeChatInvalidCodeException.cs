namespace Elements.WeChat.Errors;

/// <summary>The code is unknown, already used or expired (40029/40163/42003).</summary>
public sealed class WeChatInvalidCodeException : WeChatException
{
    public WeChatInvalidCodeException(int errcode, string errmsg, string endpoint, string? rid)
        : base(errcode, errmsg, endpoint, rid)
    {
    }
}
