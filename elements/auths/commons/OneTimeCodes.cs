using System.Text.Json.Nodes;
using Elements.Data.Filters;
using Elements.Data.Storage;
using Microsoft.Extensions.Logging;

namespace Elements.Std.Auths;

/// <summary>
/// One-time codes of a login: the loginCode a login type returns for a known user (exchanged for a session by
/// <c>AuthSvc.login</c>) and the single-use bindCode carrying a pending identity until <c>register</c>.
/// <para>
/// Codes are 256-bit random (<see cref="SecureCodes"/>), stored only as SHA-256 hashes, found by hash and consumed
/// with one conditional UPDATE (<c>codeHash = h AND consumedAt IS NULL AND expiresAt &gt; now</c>), so of any number
/// of concurrent redemptions exactly one succeeds.
/// </para>
/// </summary>
public sealed partial class OneTimeCodes(AccountDatabase accounts, CorpMemberships corps, ILogger<OneTimeCodes> logger)
{
    private const string BindIdentityPurpose = "auths.models.BindCodeModel.identity";

    /// <summary>How long a loginCode can be exchanged (5 minutes).</summary>
    public static TimeSpan LoginCodeLifetime { get; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a bindCode can be redeemed (5 minutes).</summary>
    public static TimeSpan BindCodeLifetime { get; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Issues a one-time loginCode (valid <see cref="LoginCodeLifetime"/>) for an existing user and returns what every
    /// login type's <c>getLoginCode</c> returns: <c>{loginCode, corpList, userId}</c>.
    /// </summary>
    public async Task<JsonObject> IssueLoginCodeAsync(long userId, string loginElement, CancellationToken cancellationToken = default)
    {
        var code = await AddLoginCodeAsync(userId, loginElement, cancellationToken).ConfigureAwait(false);
        return await LoginCodeResultAsync(userId, code, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stores a new loginCode of the user (one INSERT, so it can share a caller's write transaction) and returns it;
    /// give it to the caller through <see cref="LoginCodeResultAsync"/>, after the commit. AUTH_USER_NOT_FOUND when the
    /// user no longer exists (deleted through the user model, its login identities stay): the INSERT itself checks
    /// the user row, so a login costs no separate read of it, and the caller's transaction rolls back.
    /// </summary>
    public async Task<string> AddLoginCodeAsync(long userId, string loginElement, CancellationToken cancellationToken = default)
    {
        var code = await NewLoginCodeAsync(loginElement, cancellationToken).ConfigureAwait(false);
        if (!await code.AddForAsync(userId, cancellationToken).ConfigureAwait(false))
        {
            throw UserAccounts.NotFound(userId);
        }

        LogIssuedLoginCode(logger, userId, loginElement);
        return code.Code;
    }

    /// <summary>
    /// A new loginCode (valid <see cref="LoginCodeLifetime"/>) of <paramref name="loginElement"/>, not yet stored: a
    /// login that writes other rows stores it with them (<see cref="PendingLoginCode.AddForAsync"/>, or its row in
    /// <see cref="ModelStore.UpdateAndInsertAsync{T}"/>).
    /// </summary>
    public async Task<PendingLoginCode> NewLoginCodeAsync(string loginElement, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(loginElement);
        var store = await accounts.StoreAsync(AccountModels.LoginCode, cancellationToken).ConfigureAwait(false);
        var users = await accounts.StoreAsync(AccountModels.User, cancellationToken).ConfigureAwait(false);
        var code = SecureCodes.Generate();
        var now = accounts.UtcNow;
        return new PendingLoginCode(code, new JsonObject
        {
            ["codeHash"] = SecureCodes.Hash(code),
            ["loginType"] = loginElement,
            ["expiresAt"] = AccountDatabase.Instant(now + LoginCodeLifetime),
            ["createdAt"] = AccountDatabase.Instant(now),
        }, store, users);
    }

    /// <summary>
    /// What every login type's <c>getLoginCode</c> returns for a loginCode stored by <see cref="AddLoginCodeAsync"/>:
    /// <c>{loginCode, corpList, userId}</c>. Reads only, so a login runs it after its write transaction, outside the
    /// database's write lock.
    /// </summary>
    public async Task<JsonObject> LoginCodeResultAsync(long userId, string loginCode, CancellationToken cancellationToken = default)
    {
        return new JsonObject
        {
            ["loginCode"] = loginCode,
            ["corpList"] = await corps.GetCorpListAsync(userId, cancellationToken).ConfigureAwait(false),
            ["userId"] = userId,
        };
    }

    /// <summary>
    /// Consumes a loginCode atomically and returns its user and issuing login element. AUTH_LOGIN_CODE_INVALID
    /// (unknown), AUTH_LOGIN_CODE_USED, AUTH_LOGIN_CODE_EXPIRED.
    /// </summary>
    public Task<RedeemedLoginCode> RedeemLoginCodeAsync(string loginCode, CancellationToken cancellationToken = default) =>
        RedeemLoginCodeAsync(loginCode, null, cancellationToken);

    /// <summary>
    /// <see cref="RedeemLoginCodeAsync(string, CancellationToken)"/> that also inserts <paramref name="then"/>'s row, with
    /// the code's <c>userId</c>, into its model: a code is never spent without that row stored, in one statement where
    /// the database can (<see cref="ModelStore.UpdateAndInsertAsync{T}"/>).
    /// </summary>
    public async Task<RedeemedLoginCode> RedeemLoginCodeAsync(string loginCode, (ModelStore Store, JsonObject Row)? then,
        CancellationToken cancellationToken = default)
    {
        if (!SecureCodes.LooksValid(loginCode))
        {
            throw new ElementException(AuthErrorCodes.LoginCodeInvalid, "the loginCode is not valid");
        }

        var store = await accounts.StoreAsync(AccountModels.LoginCode, cancellationToken).ConfigureAwait(false);
        var (consumed, row) = await ConsumeAsync(store, loginCode, null, then, cancellationToken).ConfigureAwait(false);
        if (consumed is not null)
        {
            return new RedeemedLoginCode(consumed.UserId, consumed.LoginType);
        }

        throw Diagnose(row, AuthErrorCodes.LoginCodeInvalid, AuthErrorCodes.LoginCodeUsed, AuthErrorCodes.LoginCodeExpired, "loginCode", LoginCodeLifetime);
    }

    /// <summary>Issues a single-use bindCode (valid <see cref="BindCodeLifetime"/>) for a pending identity.</summary>
    public async Task<string> IssueBindCodeAsync(PendingIdentity identity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentException.ThrowIfNullOrWhiteSpace(identity.LoginElement);
        var store = await accounts.StoreAsync(AccountModels.BindCode, cancellationToken).ConfigureAwait(false);
        var code = SecureCodes.Generate();
        var now = accounts.UtcNow;
        await store.CreateAsync(new JsonObject
        {
            ["codeHash"] = SecureCodes.Hash(code),
            ["loginType"] = identity.LoginElement,
            ["identity"] = accounts.Protector.Protect(identity.ToJson().ToJsonString(), BindIdentityPurpose),
            ["expiresAt"] = AccountDatabase.Instant(now + BindCodeLifetime),
            ["createdAt"] = AccountDatabase.Instant(now),
        }, cancellationToken).ConfigureAwait(false);
        LogIssuedBindCode(logger, identity.LoginElement);
        return code;
    }

    /// <summary>
    /// Consumes a bindCode issued by <paramref name="loginElement"/> atomically and returns its identity.
    /// AUTH_BIND_CODE_INVALID (unknown, or issued by another login element), AUTH_BIND_CODE_USED,
    /// AUTH_BIND_CODE_EXPIRED. Call it inside <see cref="AccountDatabase.RunInTransactionAsync{T}"/> together with the
    /// writes that bind the identity, so that a failure of those leaves the code unused.
    /// </summary>
    public async Task<PendingIdentity> RedeemBindCodeAsync(string bindCode, string loginElement, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(loginElement);
        if (!SecureCodes.LooksValid(bindCode))
        {
            throw new ElementException(AuthErrorCodes.BindCodeInvalid, "the bindCode is not valid");
        }

        var store = await accounts.StoreAsync(AccountModels.BindCode, cancellationToken).ConfigureAwait(false);
        var (consumed, row) = await ConsumeAsync(store, bindCode, loginElement, null, cancellationToken).ConfigureAwait(false);
        if (consumed is null)
        {
            if (row is not null && !string.Equals((string?)row["loginType"], loginElement, StringComparison.Ordinal))
            {
                throw new ElementException(AuthErrorCodes.BindCodeInvalid, "the bindCode was issued by another login method");
            }

            throw Diagnose(row, AuthErrorCodes.BindCodeInvalid, AuthErrorCodes.BindCodeUsed, AuthErrorCodes.BindCodeExpired, "bindCode", BindCodeLifetime);
        }

        var json = JsonNode.Parse(accounts.Protector.Unprotect(consumed.Identity!, BindIdentityPurpose))!.AsObject();
        return PendingIdentity.FromJson(json);
    }

    /// <summary>
    /// Deletes loginCodes and bindCodes that expired more than <paramref name="retention"/> ago (default one day);
    /// returns how many rows went. Run it from a scheduled job, with <see cref="SessionService.PurgeExpiredAsync"/>.
    /// </summary>
    public async Task<int> PurgeExpiredAsync(TimeSpan? retention = null, CancellationToken cancellationToken = default)
    {
        var cutoff = AccountDatabase.Instant(accounts.UtcNow - (retention ?? TimeSpan.FromDays(1)));
        var total = 0;
        foreach (var name in new[] { AccountModels.LoginCode, AccountModels.BindCode })
        {
            var store = await accounts.StoreAsync(name, cancellationToken).ConfigureAwait(false);
            total += await store.DeleteByFilterAsync(Q.Field("expiresAt", "<", cutoff), cancellationToken).ConfigureAwait(false);
        }

        return total;
    }

    /// <summary>
    /// Consumes a code with one conditional <c>UPDATE … RETURNING</c> (and inserts <paramref name="then"/>'s row for its
    /// user): the consumed code, or null and (only then, to say why) the row stored under the code's hash.
    /// </summary>
    private async Task<(ConsumedCode? Consumed, JsonObject? Row)> ConsumeAsync(ModelStore store, string code, string? loginElement,
        (ModelStore Store, JsonObject Row)? then, CancellationToken ct)
    {
        var hash = SecureCodes.Hash(code);
        var now = AccountDatabase.Instant(accounts.UtcNow);
        var filter = Q.And(Q.Eq("codeHash", hash), Q.Eq("consumedAt", null), Q.Field("expiresAt", ">", now));
        if (loginElement is not null)
        {
            filter = Q.And(filter, Q.Eq("loginType", loginElement));
        }

        var consumedAt = new JsonObject { ["consumedAt"] = now };
        var consumed = then is { } insert
            ? await store.UpdateAndInsertAsync<ConsumedCode>(filter, consumedAt, insert.Store, insert.Row, "userId", cancellationToken: ct).ConfigureAwait(false)
            : await store.UpdateByFilterAsync<ConsumedCode>(filter, consumedAt, ct).ConfigureAwait(false);
        return consumed.Count == 1
            ? (consumed[0], null)
            : (null, await store.GetAsync(Q.Eq("codeHash", hash), null, ct).ConfigureAwait(false));
    }

    private static ElementException Diagnose(JsonObject? row, string invalid, string used, string expired, string what, TimeSpan lifetime)
    {
        if (row is null)
        {
            return new ElementException(invalid, $"the {what} is not valid");
        }

        if (row["consumedAt"] is not null)
        {
            return new ElementException(used, $"the {what} has already been used");
        }

        return new ElementException(expired, $"the {what} has expired (valid for {lifetime.TotalMinutes:0} minutes)");
    }

    // Debug: one line per login would be the only per-request line of the shipped Information level.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Issued a loginCode for user {UserId} through {LoginElement}")]
    private static partial void LogIssuedLoginCode(ILogger logger, long userId, string loginElement);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Issued a bindCode through {LoginElement}")]
    private static partial void LogIssuedBindCode(ILogger logger, string loginElement);

    /// <summary>The columns a consumed code reports (a loginCode has a user, a bindCode an identity).</summary>
    private sealed class ConsumedCode
    {
        public long UserId { get; set; }

        public string LoginType { get; set; } = "";

        public string? Identity { get; set; }
    }
}
