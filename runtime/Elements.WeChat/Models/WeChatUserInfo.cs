namespace Elements.WeChat.Models;

/// <summary>The result of <c>sns/userinfo</c>. <see cref="Sex"/>: 0 unknown, 1 male, 2 female.</summary>
public sealed record WeChatUserInfo(
    string OpenId,
    string Nickname,
    int Sex,
    string Province,
    string City,
    string Country,
    string HeadImgUrl,
    IReadOnlyList<string> Privilege,
    string? UnionId);
