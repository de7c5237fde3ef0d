using System.Text.Json.Nodes;
using Elements.Data.Filters;
using Microsoft.Extensions.Logging;

namespace Elements.Std.Auths;

/// <summary>
/// Sessions (<c>auths.models.SessionModel</c>): a 256-bit bearer token per login, of which only the SHA-256 is
/// stored; a token is live until it expires or is revoked.
/// </summary>
public sealed partial class SessionService(AccountDatabase accounts, UserAccounts users, OneTimeCodes codes, ILogger<SessionService> logger)
{
    /// <summary>Creates a session for a user: <c>{token, expiresAt, userId}</c>; only the token's hash is stored.</summary>
    public async Task<JsonObject> CreateAsync(long userId, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        var store = await accounts.StoreAsync(AccountModels.Session, cancellationToken).ConfigureAwait(false);
        var (token, expiresAt, row) = NewSession(lifetime);
        row["userId"] = userId;
        await store.InsertAsync(row, cancellationToken).ConfigureAwait(false);
        LogStarted(logger, userId);
        return new JsonObject { ["token"] = token, ["expiresAt"] = expiresAt, ["userId"] = userId };
    }

    /// <summary>
    /// Exchanges a loginCode (<see cref="OneTimeCodes.RedeemLoginCodeAsync(string, CancellationToken)"/>'s errors) for a
    /// session of its user, as <see cref="CreateAsync"/> creates one, and returns it with the login element that issued
    /// the code. The code is consumed and the session stored as one write, so a code is never spent without its session.
    /// </summary>
    public async Task<(JsonObject Session, string LoginType)> StartAsync(string loginCode, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        var store = await accounts.StoreAsync(AccountModels.Session, cancellationToken).ConfigureAwait(false);
        var (token, expiresAt, row) = NewSession(lifetime);
        var redeemed = await codes.RedeemLoginCodeAsync(loginCode, (store, row), cancellationToken).ConfigureAwait(false);
        LogStarted(logger, redeemed.UserId);
        return (new JsonObject { ["token"] = token, ["expiresAt"] = expiresAt, ["userId"] = redeemed.UserId }, redeemed.LoginType);
    }

    /// <summary>A new token and the session row that stores its hash, without the user.</summary>
    private (string Token, string ExpiresAt, JsonObject Row) NewSession(TimeSpan lifetime)
    {
        var token = SecureCodes.Generate();
        var now = accounts.UtcNow;
        var expiresAt = AccountDatabase.Instant(now + lifetime);
        return (token, expiresAt, new JsonObject
        {
            ["tokenHash"] = SecureCodes.Hash(token),
            ["expiresAt"] = expiresAt,
            ["createdAt"] = AccountDatabase.Instant(now),
        });
    }

    /// <summary>The user of a live session (not expired, not revoked), or null.</summary>
    public async Task<JsonObject?> GetUserAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (!SecureCodes.LooksValid(token))
        {
            return null;
        }

        var store = await accounts.StoreAsync(AccountModels.Session, cancellationToken).ConfigureAwait(false);
        var session = await store.GetAsync<UserIdRow>(
            Q.And(Q.Eq("tokenHash", SecureCodes.Hash(token!)), Q.Eq("revokedAt", null), Q.Field("expiresAt", ">", AccountDatabase.Instant(accounts.UtcNow))),
            null, cancellationToken).ConfigureAwait(false);
        return session is null ? null : await users.GetAsync(session.UserId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Revokes a session; false when the token was unknown, expired or already revoked.</summary>
    public async Task<bool> RevokeAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (!SecureCodes.LooksValid(token))
        {
            return false;
        }

        var store = await accounts.StoreAsync(AccountModels.Session, cancellationToken).ConfigureAwait(false);
        var now = AccountDatabase.Instant(accounts.UtcNow);
        var count = await store.UpdateByFilterAsync(
            Q.And(Q.Eq("tokenHash", SecureCodes.Hash(token!)), Q.Eq("revokedAt", null), Q.Field("expiresAt", ">", now)),
            new JsonObject { ["revokedAt"] = now }, cancellationToken).ConfigureAwait(false);
        return count == 1;
    }

    /// <summary>
    /// Deletes sessions that expired or were revoked more than <paramref name="retention"/> ago (default one day);
    /// returns how many rows went. Run it from a scheduled job, with <see cref="OneTimeCodes.PurgeExpiredAsync"/>.
    /// </summary>
    public async Task<int> PurgeExpiredAsync(TimeSpan? retention = null, CancellationToken cancellationToken = default)
    {
        var cutoff = AccountDatabase.Instant(accounts.UtcNow - (retention ?? TimeSpan.FromDays(1)));
        var sessions = await accounts.StoreAsync(AccountModels.Session, cancellationToken).ConfigureAwait(false);
        return await sessions.DeleteByFilterAsync(Q.Or(Q.Field("expiresAt", "<", cutoff), Q.Field("revokedAt", "<", cutoff)), cancellationToken)
            .ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Started a session for user {UserId}")]
    private static partial void LogStarted(ILogger logger, long userId);
}
