namespace Elements.Std.Auths.WeChatPublic;

/// <summary>
/// An official account login's bindings: the <c>userId</c> of its <c>WechatPublicAuthModel</c> rows. A row is written
/// by every OAuth callback (tokens, profile) before it is bound, so binding sets the user of an existing row.
/// </summary>
internal sealed class WeChatPublicIdentityStore(WeChatPublicAuthStore store, string loginElement, string appId) : IWeChatIdentityStore
{
    public string LoginElement => loginElement;

    public string AppId => appId;

    public string AppKind => "official account";

    public IReadOnlyList<string> Models => [store.AuthModel.FullName];

    public async Task<long?> FindUserIdAsync(string openId, CancellationToken cancellationToken) =>
        await store.GetRowAsync(appId, openId, cancellationToken).ConfigureAwait(false) is { } row ? WeChatPublicAuthStore.UserIdOf(row) : null;

    public Task<string?> FindOpenIdOfUserAsync(long userId, CancellationToken cancellationToken) =>
        store.FindOpenIdOfUserAsync(appId, userId, cancellationToken);

    // The callback that brought the identity has already stored its tokens and profile: only the code is written.
    public async Task<long?> RefreshAsync(PendingIdentity identity, PendingLoginCode? code, CancellationToken cancellationToken) =>
        await FindUserIdAsync(identity.OpenId, cancellationToken).ConfigureAwait(false) is { } userId
        && (code is null || await code.AddForAsync(userId, cancellationToken).ConfigureAwait(false))
            ? userId
            : null;

    public async Task<bool> AttachAsync(long userId, PendingIdentity identity, CancellationToken cancellationToken) =>
        await store.SetUserAsync(appId, identity.OpenId, userId, cancellationToken).ConfigureAwait(false) == 1;

    public async Task<string?> DetachAsync(long userId, CancellationToken cancellationToken)
    {
        var openId = await store.FindOpenIdOfUserAsync(appId, userId, cancellationToken).ConfigureAwait(false);
        return openId is not null && await store.SetUserAsync(appId, openId, null, cancellationToken).ConfigureAwait(false) == 1 ? openId : null;
    }
}
