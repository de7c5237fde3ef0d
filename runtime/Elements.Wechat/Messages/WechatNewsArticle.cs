namespace Elements.Wechat;

/// <summary>One article of a news message.</summary>
public sealed record WechatNewsArticle(string Title, string Description, string Url, string PicUrl);
