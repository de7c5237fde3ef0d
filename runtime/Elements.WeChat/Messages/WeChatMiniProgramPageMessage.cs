using System.Text.Json.Nodes;

namespace Elements.WeChat.Messages;

public sealed record WeChatMiniProgramPageMessage(string ToUser, string Title, string MiniProgramAppId, string PagePath, string ThumbMediaId)
    : WeChatCustomMessage(ToUser)
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
