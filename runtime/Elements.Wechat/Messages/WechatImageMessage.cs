using System.Text.Json.Nodes;

namespace Elements.Wechat;

public sealed record WechatImageMessage(string ToUser, string MediaId) : WechatCustomMessage(ToUser)
{
    public override string MsgType => "image";

    internal override JsonObject BuildPayload() => new() { ["media_id"] = MediaId };
}
