namespace Elements.Wechat;

/// <summary>The app id, secret or IP whitelist is wrong (40013/40125/40164).</summary>
public sealed class WechatConfigurationException : WechatException
{
    public WechatConfigurationException(int errcode, string errmsg, string endpoint, string? rid)
        : base(errcode, errmsg, endpoint, rid)
    {
    }
}
