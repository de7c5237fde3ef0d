namespace Elements.Wechat;

/// <summary>The body of <c>cgi-bin/token</c> / <c>cgi-bin/stable_token</c>: a token and its lifetime in seconds.</summary>
public sealed record WechatTokenResponse(string AccessToken, int ExpiresIn)
{
    public override string ToString() => $"WechatTokenResponse {{ AccessToken = ***, ExpiresIn = {ExpiresIn} }}";
}
