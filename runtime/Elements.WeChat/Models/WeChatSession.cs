namespace Elements.WeChat.Models;

/// <summary>The result of <c>sns/jscode2session</c>. <see cref="SessionKey"/> belongs to this login only: decrypt that login's payloads with it.</summary>
public sealed record WeChatSession(string OpenId, string SessionKey, string? UnionId)
{
    public override string ToString() => $"WeChatSession {{ OpenId = {OpenId}, SessionKey = ***, UnionId = {UnionId} }}";
}
