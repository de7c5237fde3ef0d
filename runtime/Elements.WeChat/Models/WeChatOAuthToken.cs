namespace Elements.WeChat.Models;

/// <summary>The result of <c>sns/oauth2/access_token</c> or <c>sns/oauth2/refresh_token</c>: a user's web authorization.</summary>
public sealed record WeChatOAuthToken(
    string AccessToken,
    int ExpiresIn,
    string RefreshToken,
    string OpenId,
    string Scope,
    string? UnionId,
    bool IsSnapshotUser)
{
    public override string ToString() =>
        $"WeChatOAuthToken {{ AccessToken = ***, ExpiresIn = {ExpiresIn}, RefreshToken = ***, OpenId = {OpenId}, Scope = {Scope}, UnionId = {UnionId}, IsSnapshotUser = {IsSnapshotUser} }}";
}
