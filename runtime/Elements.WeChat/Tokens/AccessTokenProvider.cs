using System.Collections.Concurrent;
using Elements.WeChat.Configuration;
using Elements.WeChat.Errors;
using Elements.WeChat.Models;
using Microsoft.Extensions.Logging;

namespace Elements.WeChat.Tokens;

/// <summary>
/// Hands out each app's client-credential access token from the <see cref="IAccessTokenStore"/>, renewing it
/// ahead of expiry. Concurrent callers in this process share one refresh (single flight); across processes the
/// store's refresh lease makes sure only one of them calls WeChat while the others keep using the still-valid token
/// or wait for the new one.
/// </summary>
public sealed partial class AccessTokenProvider
{
    private readonly IAccessTokenStore _store;
    private readonly Tokens.WeChatTokenEndpoints _endpoints;
    private readonly Http.WeChatTransport _transport;
    private readonly TimeProvider _time;
    private readonly ILogger<AccessTokenProvider> _logger;
    private readonly ConcurrentDictionary<string, Lazy<Task<WeChatAccessToken>>> _flights = new(StringComparer.Ordinal);

    internal AccessTokenProvider(
        IAccessTokenStore store,
        Tokens.WeChatTokenEndpoints endpoints,
        Http.WeChatTransport transport,
        TimeProvider time,
        ILogger<AccessTokenProvider> logger)
    {
        _store = store;
        _endpoints = endpoints;
        _transport = transport;
        _time = time;
        _logger = logger;
    }

    /// <summary>A valid access token of <paramref name="appId"/>, fetched from WeChat only when needed.</summary>
    public async Task<string> GetTokenAsync(string appId, CancellationToken cancellationToken = default)
    {
        var token = await GetAccessTokenAsync(appId, cancellationToken).ConfigureAwait(false);
        return token.Value;
    }

    /// <summary>Like <see cref="GetTokenAsync"/> with the token's timestamps.</summary>
    public async Task<WeChatAccessToken> GetAccessTokenAsync(string appId, CancellationToken cancellationToken = default)
    {
        _transport.GetApp(appId);
        var cached = await _store.GetAsync(appId, cancellationToken).ConfigureAwait(false);
        if (cached is not null && cached.IsFresh(_time.GetUtcNow()))
        {
            return cached;
        }

        var flight = _flights.GetOrAdd(appId, id => new Lazy<Task<WeChatAccessToken>>(() => RefreshAsync(id)));
        try
        {
            // The refresh itself is not cancelled with one caller's token: other callers share it.
            return await flight.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _flights.TryRemove(KeyValuePair.Create(appId, flight));
        }
    }

    /// <summary>
    /// Reports that WeChat rejected <paramref name="failedToken"/>. The cached token is dropped only if it is still
    /// that one, so a stale report never discards a newer token.
    /// </summary>
    public async Task<bool> InvalidateAsync(string appId, string failedToken, CancellationToken cancellationToken = default)
    {
        var dropped = await _store.InvalidateAsync(appId, failedToken, cancellationToken).ConfigureAwait(false);
        LogInvalidated(_logger, appId, dropped);
        return dropped;
    }

    private async Task<WeChatAccessToken> RefreshAsync(string appId)
    {
        var options = _transport.Options;
        var deadline = _time.GetUtcNow() + options.TokenLeaseDuration + options.Timeout;
        while (true)
        {
            var current = await _store.GetAsync(appId).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            if (current is not null && current.IsFresh(now))
            {
                return current;
            }

            var lease = await _store.TryAcquireRefreshLeaseAsync(appId, options.TokenLeaseDuration).ConfigureAwait(false);
            if (lease is not null)
            {
                return await FetchUnderLeaseAsync(appId, lease).ConfigureAwait(false);
            }

            // Another process is refreshing: the old token is still good while it lasts.
            if (current is not null && current.IsUsable(now))
            {
                return current;
            }

            if (now > deadline)
            {
                // The lease holder (maybe another process) neither saved a token nor released the lease in time.
                var path = _transport.GetApp(appId).TokenMode == WeChatTokenMode.Classic ? Tokens.WeChatTokenEndpoints.ClassicPath : Tokens.WeChatTokenEndpoints.StablePath;
                throw new WeChatTimeoutException(path, options.TokenLeaseDuration + options.Timeout);
            }

            await Task.Delay(options.TokenLeasePollInterval, _time).ConfigureAwait(false);
        }
    }

    private async Task<WeChatAccessToken> FetchUnderLeaseAsync(string appId, AccessTokenLease lease)
    {
        try
        {
            // Someone may have saved a token between our read and the lease.
            var current = await _store.GetAsync(appId).ConfigureAwait(false);
            if (current is not null && current.IsFresh(_time.GetUtcNow()))
            {
                await _store.ReleaseLeaseAsync(lease).ConfigureAwait(false);
                return current;
            }

            var app = _transport.GetApp(appId);
            var response = app.TokenMode == WeChatTokenMode.Classic
                ? await _endpoints.RequestClassicAsync(appId, CancellationToken.None).ConfigureAwait(false)
                : await _endpoints.RequestStableAsync(appId, forceRefresh: false, CancellationToken.None).ConfigureAwait(false);
            var token = Create(appId, response);
            if (!await _store.SaveAsync(lease, token).ConfigureAwait(false))
            {
                LogLeaseLost(_logger, appId);
            }

            LogRefreshed(_logger, appId, app.TokenMode, response.ExpiresIn);
            return token;
        }
        catch
        {
            await _store.ReleaseLeaseAsync(lease).ConfigureAwait(false);
            throw;
        }
    }

    private WeChatAccessToken Create(string appId, WeChatTokenResponse response)
    {
        var now = _time.GetUtcNow();
        var lifetime = TimeSpan.FromSeconds(Math.Max(response.ExpiresIn, 0));
        // Renew ahead of expiry, but never so early that a short-lived token would be renewed on every call.
        var ahead = TimeSpan.FromTicks(Math.Min(_transport.Options.TokenRefreshAhead.Ticks, lifetime.Ticks / 2));
        return new WeChatAccessToken(appId, response.AccessToken, now, now + lifetime - ahead, now + lifetime);
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "WeChat access token of {AppId} refreshed ({Mode}, expires in {ExpiresIn} s)")]
    private static partial void LogRefreshed(ILogger logger, string appId, WeChatTokenMode mode, int expiresIn);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "WeChat access token of {AppId} reported invalid; dropped from the store: {Dropped}")]
    private static partial void LogInvalidated(ILogger logger, string appId, bool dropped);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "WeChat access token refresh lease of {AppId} expired before the token was saved")]
    private static partial void LogLeaseLost(ILogger logger, string appId);
}
