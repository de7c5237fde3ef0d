using System.Text.Json.Nodes;

namespace Elements.WeChat.Messages;

public sealed record WeChatNewsMessage(string ToUser, IReadOnlyList<WeChatNewsArticle> Articles) : WeChatCustomMessage(ToUser)
{
    public override string MsgType => "news";

    internal override JsonObject BuildPayload()
    {
        var articles = new JsonArray();
        foreach (var article in Articles)
        {
            articles.Add(new JsonObject
            {
                ["title"] = article.Title,
                ["description"] = article.Description,
                ["url"] = article.Url,
                ["picurl"] = article.PicUrl,
            });
        }

        return new JsonObject { ["articles"] = articles };
    }
}
