using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Elements.Data.Errors;
using Elements.Data.Filters;
using Elements.Data.Storage;
using Elements.Std.Auths;
using Elements.Std.Models;
using Elements.WeChat.Tokens;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Std.AccessTokens;

/// <summary>
/// An <see cref="IAccessTokenStore"/> on the model element <c>wechat.models.AccessTokenModel</c> (one row per app id),
/// so every process sharing the database shares tokens and refresh leases. Each operation is one conditional UPDATE
/// whose affected-row count is the answer, which the database makes atomic across connections and processes:
/// taking the lease only matches a row without an unexpired lease, saving only matches the lease id, invalidating only
/// matches the failed token value. The token value is a credential: it is stored encrypted with the app's
/// <see cref="FieldProtector"/> (AES-256-GCM, purpose bound to the model and the app id), so every process sharing the
/// database must share the field protection key. A stored value that does not decrypt (written before encryption, or
/// under another key) counts as no token: the next caller fetches a new one.
/// </summary>
public sealed class DatabaseAccessTokenStore : IAccessTokenStore
{
    public const string DefaultModelName = "wechat.models.AccessTokenModel";

    private readonly ElementApp _app;
    private readonly string _modelName;
    private readonly TimeProvider _time;
    private readonly Lazy<FieldProtector> _protector;

    /// <param name="protector">Encrypts token values; by default the app's registered <see cref="FieldProtector"/>.</param>
    public DatabaseAccessTokenStore(ElementApp app, TimeProvider? timeProvider = null, string modelName = DefaultModelName, FieldProtector? protector = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        _app = app;
        _time = timeProvider ?? TimeProvider.System;
        _modelName = modelName;
        _protector = new Lazy<FieldProtector>(() => protector ?? app.Services.GetRequiredService<FieldProtector>());
    }

    public async ValueTask<WeChatAccessToken?> GetAsync(string appId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);
        var store = await StoreAsync(cancellationToken).ConfigureAwait(false);
        var row = await store.GetAsync(Q.Eq("appId", appId), null, cancellationToken).ConfigureAwait(false);
        if (row?["tokenValue"] is not JsonValue value || !value.TryGetValue<string>(out var stored)
            || Reveal(appId, stored) is not { } token
            || Instant(row, "obtainedAt") is not { } obtainedAt || Instant(row, "refreshAt") is not { } refreshAt
            || Instant(row, "expiresAt") is not { } expiresAt)
        {
            return null;
        }

        return new WeChatAccessToken(appId, token, obtainedAt, refreshAt, expiresAt);
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

    public async ValueTask<bool> SaveAsync(AccessTokenLease lease, WeChatAccessToken token, CancellationToken cancellationToken = default)
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
            ["tokenValue"] = _protector.Value.Protect(token.Value, Purpose(token.AppId)),
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
        // Encryption is randomised, so the failed value cannot be matched in SQL: read the stored form, check that it is
        // the failed token, then clear only that stored form (a token saved meanwhile has another one and stays).
        var row = await store.GetAsync(Q.Eq("appId", appId), null, cancellationToken).ConfigureAwait(false);
        if (row?["tokenValue"] is not JsonValue value || !value.TryGetValue<string>(out var stored)
            || !SameSecret(Reveal(appId, stored) ?? stored, failedValue))
        {
            return false;
        }

        // The row stays (it may carry someone's lease); only the token is cleared, and only if it is the one that failed.
        var dropped = await store.UpdateByFilterAsync(Q.Eq("appId", appId) & Q.Eq("tokenValue", stored), new JsonObject
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

    private string Purpose(string appId) => $"{_modelName}.tokenValue|{appId}";

    private string? Reveal(string appId, string stored)
    {
        try
        {
            return _protector.Value.Unprotect(stored, Purpose(appId));
        }
        catch (ElementException ex) when (ex.Code == "AUTH_PROTECTED_VALUE_INVALID")
        {
            return null;
        }
    }

    private static bool SameSecret(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(a)), SHA256.HashData(Encoding.UTF8.GetBytes(b)));

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
