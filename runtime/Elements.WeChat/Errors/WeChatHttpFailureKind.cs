namespace Elements.WeChat.Errors;

/// <summary>Why a WeChat call failed below the errcode level.</summary>
public enum WeChatHttpFailureKind
{
    /// <summary>A non-success HTTP status (WeChat answers 200 even for errors, so this is an outage).</summary>
    Status,

    /// <summary>The body was not the JSON object WeChat always sends.</summary>
    MalformedResponse,

    /// <summary>The connection failed or was dropped before a complete response arrived.</summary>
    Connection,
}
