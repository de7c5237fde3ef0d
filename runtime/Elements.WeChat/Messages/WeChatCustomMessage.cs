using System.Text.Json.Nodes;

namespace Elements.WeChat.Messages;

/// <summary>A customer-service message for <c>cgi-bin/message/custom/send</c>.</summary>
public abstract record WeChatCustomMessage(string ToUser)
{
    /// <summary>Send as this customer-service account (<c>customservice.kf_account</c>) instead of the default.</summary>
    public string? KfAccount { get; init; }

    /// <summary>WeChat's <c>msgtype</c>, also the name of the payload object.</summary>
    public abstract string MsgType { get; }

    internal abstract JsonObject BuildPayload();

    internal JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["touser"] = ToUser,
            ["msgtype"] = MsgType,
            [MsgType] = BuildPayload(),
        };
        if (!string.IsNullOrEmpty(KfAccount))
        {
            json["customservice"] = new JsonObject { ["kf_account"] = KfAccount };
        }

        return json;
    }
}
