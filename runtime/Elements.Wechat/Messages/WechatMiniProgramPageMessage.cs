using System.Text.Json.Nodes;

namespace Elements.Wechat;

public sealed record WechatMiniProgramPageMessage(string ToUser, string Title, string MiniProgramAppId, string PagePath, string ThumbMediaId)
    : WechatCustomMessage(ToUser)
{
    public override string MsgType => "miniprogrampage";

    internal override JsonObject BuildPayload() => new()
    {
        ["title"] = Title,
        ["appid"] = MiniProgramAppId,
        ["pagepath"] = PagePath,
        ["thumb_media_id"] = ThumbMediaId,
    };
}
