namespace Elements.WeChat.Tokens;

/// <summary>
/// Where access tokens are cached, shared by every process that uses the same store. Implementations must make
/// each method atomic: a database-backed store keeps one row per app id (token, expiry, lease id, lease expiry)
/// and implements the lease as a conditional update (<c>UPDATE … SET lease_id = @new, lease_expires_at = @exp
/// WHERE app_id = @app AND (lease_id IS NULL OR lease_expires_at &lt; now())</c>, or <c>SELECT … FOR UPDATE</c>),
/// so that two processes never fetch a token at the same time and never invalidate each other's token.
/// </summary>
public interface IAccessTokenStore
{
    /// <summary>The cached token of <paramref name="appId"/>, or null (also when it was invalidated).</summary>
    ValueTask<WeChatAccessToken?> GetAsync(string appId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the refresh lease of <paramref name="appId"/> if nobody holds an unexpired one; null when another
    /// caller is refreshing.
    /// </summary>
    ValueTask<AccessTokenLease?> TryAcquireRefreshLeaseAsync(string appId, TimeSpan leaseDuration, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="token"/> and releases <paramref name="lease"/>. Returns false (and stores nothing)
    /// when the lease is no longer held, i.e. it expired and another caller took over.
    /// </summary>
    ValueTask<bool> SaveAsync(AccessTokenLease lease, WeChatAccessToken token, CancellationToken cancellationToken = default);

    /// <summary>Releases <paramref name="lease"/> without storing anything (after a failed fetch). No-op when not held.</summary>
    ValueTask ReleaseLeaseAsync(AccessTokenLease lease, CancellationToken cancellationToken = default);

    /// <summary>
    /// Drops the cached token only if its value is still <paramref name="failedValue"/> (compare-and-delete), so a
    /// late failure report never discards a newer token another caller already obtained. True when dropped.
    /// </summary>
    ValueTask<bool> InvalidateAsync(string appId, string failedValue, CancellationToken cancellationToken = default);
}
