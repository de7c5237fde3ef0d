namespace Elements.Std.Messages;

/// <summary>
/// The stable codes of <c>messages.WechatCustomType</c>'s own errors. Input errors are raised before any request is
/// made; WeChat's answers keep the client's codes (<c>WECHAT_&lt;errcode&gt;</c>).
/// </summary>
public static class MessageErrorCodes
{
    /// <summary>A required argument (or article field) is missing or blank: details name the <c>field</c>.</summary>
    public const string MissingField = "MSG_MISSING_FIELD";

    /// <summary>The openid is not 28 characters of <c>A-Z a-z 0-9 _ -</c>.</summary>
    public const string InvalidOpenId = "MSG_INVALID_OPENID";

    /// <summary>The text content is missing, empty or whitespace only.</summary>
    public const string EmptyContent = "MSG_EMPTY_CONTENT";

    /// <summary>The text content is longer than <see cref="WeChatCustomValidation.MaxContentBytes"/> bytes of UTF-8.</summary>
    public const string ContentTooLong = "MSG_CONTENT_TOO_LONG";

    /// <summary>The text content is not valid Unicode (an unpaired surrogate cannot be encoded as UTF-8).</summary>
    public const string InvalidContent = "MSG_INVALID_CONTENT";

    /// <summary>The mini program's appid holds characters other than letters, digits and '_'.</summary>
    public const string InvalidAppId = "MSG_INVALID_APPID";

    /// <summary>A field other than the text content exceeds its limit (titles, descriptions, URLs, media ids).</summary>
    public const string FieldTooLong = "MSG_FIELD_TOO_LONG";

    /// <summary>A news message needs exactly one article (WeChat's customer-service news carries one).</summary>
    public const string InvalidArticleCount = "MSG_INVALID_ARTICLE_COUNT";

    /// <summary>An article's url or picurl is not an absolute http(s) URL.</summary>
    public const string InvalidUrl = "MSG_INVALID_URL";

    /// <summary>kfAccount is not of the form <c>account@wechat_id</c>.</summary>
    public const string InvalidKfAccount = "MSG_INVALID_KF_ACCOUNT";

    /// <summary>The batch's items are missing, or an item is null.</summary>
    public const string InvalidBatch = "MSG_INVALID_BATCH";

    /// <summary>The batch has more than <see cref="WeChatCustomValidation.MaxBatchItems"/> items.</summary>
    public const string BatchTooLarge = "MSG_BATCH_TOO_LARGE";

    /// <summary>A batch without continueOnFail stopped at its first failure: details carry <c>sent</c>, <c>failedIndex</c>,
    /// <c>total</c> and the item's <c>error</c>.</summary>
    public const string BatchStopped = "MSG_BATCH_STOPPED";

    /// <summary>A batch item failed with something other than an element error (reported only inside batch results).</summary>
    public const string SendFailed = "MSG_SEND_FAILED";
}
