namespace Elements.WeChat.Errors;

/// <summary>The app id, secret or IP whitelist is wrong (40013/40125/40164).</summary>
public sealed class WeChatConfigurationException : WeChatException
{
    public WeChatConfigurationException(int errcode, string errmsg, string endpoint, string? rid)
        : base(errcode, errmsg, endpoint, rid)
    {
    }
}
