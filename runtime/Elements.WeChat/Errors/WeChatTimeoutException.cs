namespace Elements.WeChat.Errors;

/// <summary>WeChat did not answer in time (after the allowed retries). Code <c>WECHAT_TIMEOUT</c>.</summary>
public sealed class WeChatTimeoutException : WeChatException
{
    public WeChatTimeoutException(string endpoint, TimeSpan timeout, Exception? innerException = null)
        : base("WECHAT_TIMEOUT", $"WeChat {endpoint} did not answer within {timeout.TotalSeconds:0.###} s.", null, null, endpoint, null, innerException)
    {
        Timeout = timeout;
    }

    public TimeSpan Timeout { get; }
}
