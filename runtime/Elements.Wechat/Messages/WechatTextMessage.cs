using System.Text.Json.Nodes;

namespace Elements.Wechat;

public sealed record WechatTextMessage(string ToUser, string Content) : WechatCustomMessage(ToUser)
{
    public override string MsgType => "text";

    internal override JsonObject BuildPayload() => new() { ["content"] = Content };
}
