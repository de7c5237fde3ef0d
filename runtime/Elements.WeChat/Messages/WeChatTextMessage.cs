using System.Text.Json.Nodes;

namespace Elements.WeChat.Messages;

public sealed record WeChatTextMessage(string ToUser, string Content) : WeChatCustomMessage(ToUser)
{
    public override string MsgType => "text";

    internal override JsonObject BuildPayload() => new() { ["content"] = Content };
}
