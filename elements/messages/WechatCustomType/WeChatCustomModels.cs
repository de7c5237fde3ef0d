using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Elements.Std.Messages;

/// <summary>WeChat's answer to a customer-service message: <c>{errcode, errmsg, msgid?}</c>.</summary>
public sealed record WeChatSendResult(
    [property: JsonPropertyName("errcode")] int Errcode,
    [property: JsonPropertyName("errmsg")] string Errmsg,
    [property: JsonPropertyName("msgid"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Msgid = null)
{
    /// <summary>What WeChat answers for a delivered message.</summary>
    public static WeChatSendResult Ok { get; } = new(0, "ok");
}

/// <summary>One article of <c>sendNews</c> (WeChat's field names; matched case-insensitively).</summary>
public sealed class WeChatNewsArticleInput
{
    public string? Title { get; set; }

    public string? Description { get; set; }

    public string? Url { get; set; }

    [JsonPropertyName("picurl")]
    public string? PicUrl { get; set; }
}

/// <summary>One message of <c>sendTextBatch</c>.</summary>
public sealed class WeChatTextBatchItem
{
    public string? Openid { get; set; }

    public string? Content { get; set; }

    public string? KfAccount { get; set; }
}

/// <summary>
/// The outcome of one batch item, in input order: WeChat's answer (<c>errcode</c>, <c>errmsg</c>, <c>msgid</c>) when it
/// was delivered, otherwise <c>error</c> (continueOnFail).
/// </summary>
public sealed record WeChatTextBatchItemResult
{
    [JsonPropertyName("index")]
    public int Index { get; init; }

    [JsonPropertyName("openid")]
    public string? Openid { get; init; }

    [JsonPropertyName("errcode"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Errcode { get; init; }

    [JsonPropertyName("errmsg"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Errmsg { get; init; }

    [JsonPropertyName("msgid"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Msgid { get; init; }

    [JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MessageBatchItemError? Error { get; init; }

    [JsonIgnore]
    public bool Succeeded => Error is null;
}

/// <summary>Why a batch item failed: the error's stable code and message, plus WeChat's errcode when WeChat gave one.</summary>
public sealed record MessageBatchItemError(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("errcode"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Errcode = null)
{
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["code"] = Code, ["message"] = Message };
        if (Errcode is { } errcode)
        {
            json["errcode"] = errcode;
        }

        return json;
    }
}
