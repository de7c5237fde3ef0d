using System.Text.Json.Nodes;

namespace Elements.WeChat.Errors;

/// <summary>
/// A failed WeChat call. <see cref="ElementException.Code"/> is <c>WECHAT_&lt;errcode&gt;</c> for errors WeChat
/// reported, or a transport code (<c>WECHAT_TIMEOUT</c>, <c>WECHAT_HTTP</c>). Never carries secrets or tokens:
/// <see cref="Endpoint"/> is a path without query string and errmsg is scrubbed of the request's sensitive values.
/// </summary>
public class WeChatException : ElementException
{
    public WeChatException(int errcode, string errmsg, string endpoint, string? rid)
        : this($"WECHAT_{errcode}", $"WeChat {endpoint} failed: errcode {errcode}, {errmsg}", errcode, errmsg, endpoint, rid, null)
    {
    }

    protected WeChatException(string code, string message, int? errcode, string? errmsg, string endpoint, string? rid, Exception? innerException)
        : base(code, message, innerException)
    {
        Errcode = errcode;
        Errmsg = errmsg;
        Endpoint = endpoint;
        Rid = rid;
    }

    /// <summary>WeChat's errcode; null for transport failures where WeChat said nothing.</summary>
    public int? Errcode { get; }

    public string? Errmsg { get; }

    /// <summary>The API path called (no host, no query string).</summary>
    public string Endpoint { get; }

    /// <summary>WeChat's request id taken from errmsg, if any.</summary>
    public string? Rid { get; }

    public WeChatErrorClass ErrorClass => Errcode is { } errcode ? WeChatErrors.Classify(errcode) : WeChatErrorClass.Other;

    public override JsonObject? Details => new()
    {
        ["errcode"] = Errcode,
        ["errmsg"] = Errmsg,
        ["endpoint"] = Endpoint,
        ["rid"] = Rid,
    };
}
