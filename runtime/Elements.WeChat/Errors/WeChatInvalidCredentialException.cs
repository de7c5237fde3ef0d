namespace Elements.WeChat.Errors;

/// <summary>The access token was rejected (40001/40014/42001).</summary>
public sealed class WeChatInvalidCredentialException : WeChatException
{
    public WeChatInvalidCredentialException(int errcode, string errmsg, string endpoint, string? rid)
        : base(errcode, errmsg, endpoint, rid)
    {
    }
}
