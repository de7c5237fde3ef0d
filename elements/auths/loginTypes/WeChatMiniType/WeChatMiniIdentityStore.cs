using System.Text.Json.Nodes;
using Elements.Data.Filters;
using Elements.Data.Storage;

namespace Elements.Std.Auths;

/// <summary>
/// A mini program login's bindings in <c>WeChatMiniAuthModel</c>: one row per binding (unique (appId, openid) and
/// (appId, userId)), holding the latest login's session_key encrypted.
/// </summary>
internal sealed class WeChatMiniIdentityStore(AccountDatabase accounts, string loginElement, string appId, string authModel) : IWeChatIdentityStore
{
    public string LoginElement => loginElement;

    public string AppId => appId;

    public string AppKind => "mini program";

    public IReadOnlyList<string> Models { get; } = [authModel];

    public Task<ModelStore> OpenAsync(CancellationToken ct) => accounts.StoreAsync(authModel, ct);

    public async Task<long?> FindUserIdAsync(string openId, CancellationToken cancellationToken)
    {
        var store = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await store.GetAsync(Q.And(Q.Eq("appId", appId), Q.Eq("openid", openId)), null, cancellationToken).ConfigureAwait(false);
        return (long?)row?["userId"];
    }

    public async Task<string?> FindOpenIdOfUserAsync(long userId, CancellationToken cancellationToken) =>
        (string?)(await FindRowOfUserAsync(userId, cancellationToken).ConfigureAwait(false))?["openid"];

    /// <summary>The binding row of the user (session_key still encrypted), or null.</summary>
    public async Task<JsonObject?> FindRowOfUserAsync(long userId, CancellationToken cancellationToken)
    {
        var store = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await store.GetAsync(Q.And(Q.Eq("appId", appId), Q.Eq("userId", userId)), null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<long?> RefreshAsync(PendingIdentity identity, PendingLoginCode? code, CancellationToken cancellationToken)
    {
        var changes = new JsonObject { ["updatedAt"] = AccountDatabase.Instant(accounts.UtcNow) };
        if (identity.Secret is not null)
        {
            changes["sessionKey"] = accounts.Protector.Protect(identity.Secret, WeChatMiniLoginElement.SessionKeyPurpose);
        }

        if (!string.IsNullOrEmpty(identity.UnionId))
        {
            changes["unionid"] = identity.UnionId;
        }

        var store = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var binding = Q.And(Q.Eq("appId", appId), Q.Eq("openid", identity.OpenId));
        var bound = code is null
            ? await store.UpdateByFilterAsync<UserIdRow>(binding, changes, cancellationToken).ConfigureAwait(false)
            : await store.UpdateAndInsertAsync<UserIdRow>(binding, changes, code.Store, code.Row, "userId", code.Users, cancellationToken)
                .ConfigureAwait(false);
        return bound.Count == 0 ? null : bound[0].UserId;
    }

    public async Task<bool> AttachAsync(long userId, PendingIdentity identity, CancellationToken cancellationToken)
    {
        var store = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var now = AccountDatabase.Instant(accounts.UtcNow);
        await store.CreateAsync(new JsonObject
        {
            ["userId"] = userId,
            ["appId"] = appId,
            ["openid"] = identity.OpenId,
            ["unionid"] = string.IsNullOrEmpty(identity.UnionId) ? null : identity.UnionId,
            ["sessionKey"] = identity.Secret is null ? null : accounts.Protector.Protect(identity.Secret, WeChatMiniLoginElement.SessionKeyPurpose),
            ["createdAt"] = now,
            ["updatedAt"] = now,
        }, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<string?> DetachAsync(long userId, CancellationToken cancellationToken)
    {
        var store = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await FindRowOfUserAsync(userId, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        var count = await store.DeleteByFilterAsync(Q.And(Q.Eq("appId", appId), Q.Eq("userId", userId)), cancellationToken).ConfigureAwait(false);
        return count == 0 ? null : (string?)row["openid"];
    }

    /// <summary>The user bound to <paramref name="unionId"/> in any mini program (one shared table), or null.</summary>
    public async Task<long?> FindUserIdByUnionIdAsync(string unionId, CancellationToken cancellationToken)
    {
        var store = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await store.GetAsync(Q.Eq("unionid", unionId), [OrderBy.Asc("id")], cancellationToken).ConfigureAwait(false);
        return (long?)row?["userId"];
    }
}
