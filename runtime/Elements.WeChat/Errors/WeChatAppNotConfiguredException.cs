namespace Elements.WeChat.Errors;

/// <summary>The client was asked to act for an app id that is not in <see cref="WeChatOptions.Apps"/>. Code <c>WECHAT_APP_NOT_CONFIGURED</c>.</summary>
public sealed class WeChatAppNotConfiguredException : WeChatException
{
    public WeChatAppNotConfiguredException(string appId)
        : base("WECHAT_APP_NOT_CONFIGURED", $"WeChat app '{appId}' is not configured.", null, null, "", null, null)
    {
        AppId = appId;
    }

    public string AppId { get; }
}
