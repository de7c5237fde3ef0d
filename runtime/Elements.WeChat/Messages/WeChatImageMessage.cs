using System.Text.Json.Nodes;

namespace Elements.WeChat.Messages;

public sealed record WeChatImageMessage(string ToUser, string MediaId) : WeChatCustomMessage(ToUser)
{
    public override string MsgType => "image";

    internal override JsonObject BuildPayload() => new() { ["media_id"] = MediaId };
}
