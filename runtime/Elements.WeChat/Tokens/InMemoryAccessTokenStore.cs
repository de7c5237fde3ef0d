namespace Elements.WeChat.Tokens;

/// <summary>A process-local <see cref="IAccessTokenStore"/>: right for one process, not for a server farm.</summary>
public sealed class InMemoryAccessTokenStore(TimeProvider timeProvider) : IAccessTokenStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, WeChatAccessToken> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AccessTokenLease> _leases = new(StringComparer.Ordinal);

    public InMemoryAccessTokenStore()
        : this(TimeProvider.System)
    {
    }

    public ValueTask<WeChatAccessToken?> GetAsync(string appId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_tokens.GetValueOrDefault(appId));
        }
    }

    public ValueTask<AccessTokenLease?> TryAcquireRefreshLeaseAsync(string appId, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (_leases.TryGetValue(appId, out var held) && held.ExpiresAt > now)
            {
                return ValueTask.FromResult<AccessTokenLease?>(null);
            }

            var lease = new AccessTokenLease(appId, Guid.NewGuid().ToString("N"), now + leaseDuration);
            _leases[appId] = lease;
            return ValueTask.FromResult<AccessTokenLease?>(lease);
        }
    }

    public ValueTask<bool> SaveAsync(AccessTokenLease lease, WeChatAccessToken token, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_leases.TryGetValue(lease.AppId, out var held) || held.LeaseId != lease.LeaseId)
            {
                return ValueTask.FromResult(false);
            }

            _tokens[lease.AppId] = token;
            _leases.Remove(lease.AppId);
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask ReleaseLeaseAsync(AccessTokenLease lease, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_leases.TryGetValue(lease.AppId, out var held) && held.LeaseId == lease.LeaseId)
            {
                _leases.Remove(lease.AppId);
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> InvalidateAsync(string appId, string failedValue, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_tokens.TryGetValue(appId, out var current) && current.Value == failedValue)
            {
                _tokens.Remove(appId);
                return ValueTask.FromResult(true);
            }

            return ValueTask.FromResult(false);
        }
    }
}
