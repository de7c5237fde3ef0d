namespace Elements.Wechat;

/// <summary>The result of <c>sns/jscode2session</c>. <see cref="SessionKey"/> belongs to this login only: decrypt that login's payloads with it.</summary>
public sealed record WechatSession(string OpenId, string SessionKey, string? UnionId)
{
    public override string ToString() => $"WechatSession {{ OpenId = {OpenId}, SessionKey = ***, UnionId = {UnionId} }}";
}
