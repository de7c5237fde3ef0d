namespace Elements.Wechat;

/// <summary>The access token was rejected (40001/40014/42001).</summary>
public sealed class WechatInvalidCredentialException : WechatException
{
    public WechatInvalidCredentialException(int errcode, string errmsg, string endpoint, string? rid)
        : base(errcode, errmsg, endpoint, rid)
    {
    }
}
