using System.Globalization;
using System.Text.Json.Nodes;
using Elements.Data;
using Elements.Std.Models;
using Elements.Wechat;

namespace Elements.Std.AccessTokens;

/// <summary>
/// An <see cref="IAccessTokenStore"/> on the model element <c>wechat.models.AccessTokenModel</c> (one row per app id),
/// so every process sharing the database shares tokens and refresh leases. Each operation is one conditional UPDATE
/// whose affected-row count is the answer, which the database makes atomic across connections and processes:
/// taking the lease only matches a row without an unexpired lease, saving only matches the lease id, invalidating only
/// matches the failed token value.
/// </summary>
public sealed class DatabaseAccessTokenStore : IAccessTokenStore
{
    public const string DefaultModelName = "wechat.models.AccessTokenModel";

    private readonly ElementApp _app;
    private readonly string _modelName;
    private readonly TimeProvider _time;

    public DatabaseAccessTokenStore(ElementApp app, TimeProvider? timeProvider = null, string modelName = DefaultModelName)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        _app = app;
        _time = timeProvider ?? TimeProvider.System;
        _modelName = modelName;
    }

    public async ValueTask<WechatAccessToken?> GetAsync(string appId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);
        var store = await StoreAsync(cancellationToken).ConfigureAwait(false);
        var row = await store.GetAsync(Q.Eq("appId", appId), null, cancellationToken).ConfigureAwait(false);
        if (row?["tokenValue"] is not JsonValue value || !value.TryGetValue<string>(out var token)
            || Instant(row, "obtainedAt") is not { } obtainedAt || Instant(row, "refreshAt") is not { } refreshAt
            || Instant(row, "expiresAt") is not { } expiresAt)
        {
            return null;
        }

        return new WechatAccessToken(appId, token, obtainedAt, refreshAt, expiresAt);
    }

    public async ValueTask<AccessTokenLease?> TryAcquireRefreshLeaseAsync(string appId, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);
        var store = await StoreAsync(cancellationToken).ConfigureAwait(false);
        await EnsureRowAsync(store, appId, cancellationToken).ConfigureAwait(false);

        var now = _time.GetUtcNow();
        var lease = new AccessTokenLease(appId, Guid.NewGuid().ToString("N"), now + leaseDuration);
        var free = Q.Eq("appId", appId) & (Q.Eq("leaseId", null) | Q.Field("leaseExpiresAt", "<", now));
        var taken = await store.UpdateByFilterAsync(free, new JsonObject
        {
            ["leaseId"] = lease.LeaseId,
            ["leaseExpiresAt"] = Format(lease.ExpiresAt),
        }, cancellationToken).ConfigureAwait(false);
        return taken == 1 ? lease : null;
    }

    public async ValueTask<bool> SaveAsync(AccessTokenLease lease, WechatAccessToken token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(token);
        if (!string.Equals(lease.AppId, token.AppId, StringComparison.Ordinal))
        {
            throw new ArgumentException("the token belongs to another app than the lease", nameof(token));
        }

        var store = await StoreAsync(cancellationToken).ConfigureAwait(false);
        var saved = await store.UpdateByFilterAsync(HeldBy(lease), new JsonObject
        {
            ["tokenValue"] = token.Value,
            ["obtainedAt"] = Format(token.ObtainedAt),
            ["refreshAt"] = Format(token.RefreshAt),
            ["expiresAt"] = Format(token.ExpiresAt),
            ["leaseId"] = null,
            ["leaseExpiresAt"] = null,
        }, cancellationToken).ConfigureAwait(false);
        return saved == 1;
    }

    public async ValueTask ReleaseLeaseAsync(AccessTokenLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var store = await StoreAsync(cancellationToken).ConfigureAwait(false);
        await store.UpdateByFilterAsync(HeldBy(lease), new JsonObject { ["leaseId"] = null, ["leaseExpiresAt"] = null }, cancellationToken)
            .ConfigureAwait(false);
    }

    public async ValueTask<bool> InvalidateAsync(string appId, string failedValue, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);
        ArgumentException.ThrowIfNullOrWhiteSpace(failedValue);
        var store = await StoreAsync(cancellationToken).ConfigureAwait(false);
        // The row stays (it may carry someone's lease); only the token is cleared, and only if it is the one that failed.
        var dropped = await store.UpdateByFilterAsync(Q.Eq("appId", appId) & Q.Eq("tokenValue", failedValue), new JsonObject
        {
            ["tokenValue"] = null,
            ["obtainedAt"] = null,
            ["refreshAt"] = null,
            ["expiresAt"] = null,
        }, cancellationToken).ConfigureAwait(false);
        return dropped == 1;
    }

    // The token value is a credential: never part of the description.
    public override string ToString() => $"DatabaseAccessTokenStore({_modelName})";

    private static Q HeldBy(AccessTokenLease lease) => Q.Eq("appId", lease.AppId) & Q.Eq("leaseId", lease.LeaseId);

    private static async Task EnsureRowAsync(ModelStore store, string appId, CancellationToken cancellationToken)
    {
        if (await store.CountAsync(Q.Eq("appId", appId), cancellationToken).ConfigureAwait(false) > 0)
        {
            return;
        }

        try
        {
            await store.CreateAsync(new JsonObject { ["appId"] = appId }, cancellationToken).ConfigureAwait(false);
        }
        catch (ConstraintViolationException)
        {
            // Another caller or process created the row between the count and the insert: the row exists, as wanted.
        }
    }

    private Task<ModelStore> StoreAsync(CancellationToken cancellationToken) =>
        // Looked up per call so that a hot reload's new model element is used; the lookup is a dictionary read.
        _app.GetElement<ModelElement>(_modelName).OpenStoreAsync(cancellationToken);

    private static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset? Instant(JsonObject row, string field) =>
        row[field] is JsonValue value && value.TryGetValue<string>(out var text)
            ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)
            : null;
}
