namespace Elements.WeChat.Messages;

/// <summary>One article of a news message.</summary>
public sealed record WeChatNewsArticle(string Title, string Description, string Url, string PicUrl);
