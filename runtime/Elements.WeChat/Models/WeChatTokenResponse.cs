namespace Elements.WeChat.Models;

/// <summary>The body of <c>cgi-bin/token</c> / <c>cgi-bin/stable_token</c>: a token and its lifetime in seconds.</summary>
public sealed record WeChatTokenResponse(string AccessToken, int ExpiresIn)
{
    public override string ToString() => $"WeChatTokenResponse {{ AccessToken = ***, ExpiresIn = {ExpiresIn} }}";
}
