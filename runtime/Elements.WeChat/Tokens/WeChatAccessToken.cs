namespace Elements.WeChat.Tokens;

/// <summary>
/// A cached client-credential access token. <see cref="RefreshAt"/> is when renewal should start (ahead of
/// <see cref="ExpiresAt"/>); until <see cref="ExpiresAt"/> the token still works while a renewal is under way.
/// </summary>
public sealed record WeChatAccessToken(string AppId, string Value, DateTimeOffset ObtainedAt, DateTimeOffset RefreshAt, DateTimeOffset ExpiresAt)
{
    public bool IsFresh(DateTimeOffset now) => now < RefreshAt;

    public bool IsUsable(DateTimeOffset now) => now < ExpiresAt;

    // Records print every property; the token value is a credential.
    public override string ToString() =>
        $"WeChatAccessToken {{ AppId = {AppId}, Value = ***, ObtainedAt = {ObtainedAt:O}, RefreshAt = {RefreshAt:O}, ExpiresAt = {ExpiresAt:O} }}";
}
