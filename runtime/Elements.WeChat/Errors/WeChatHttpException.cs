namespace Elements.WeChat.Errors;

/// <summary>A transport-level failure: HTTP 5xx, a malformed body, or a dropped connection. Code <c>WECHAT_HTTP</c>.</summary>
public sealed class WeChatHttpException : WeChatException
{
    public WeChatHttpException(string endpoint, WeChatHttpFailureKind kind, int? statusCode, string message, Exception? innerException = null)
        : base("WECHAT_HTTP", $"WeChat {endpoint}: {message}", null, null, endpoint, null, innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
    }

    public WeChatHttpFailureKind Kind { get; }

    public int? StatusCode { get; }
}
