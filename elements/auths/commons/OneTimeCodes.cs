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
public sealed partial class OneTimeCodes(AccountDatabase accounts, UserAccounts users, CorpMemberships corps, ILogger<OneTimeCodes> logger)
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
        ArgumentException.ThrowIfNullOrWhiteSpace(loginElement);
        await users.RequireAsync(userId, cancellationToken).ConfigureAwait(false);
        var store = await accounts.StoreAsync(AccountModels.LoginCode, cancellationToken).ConfigureAwait(false);
        var code = SecureCodes.Generate();
        var now = accounts.UtcNow;
        await store.CreateAsync(new JsonObject
        {
            ["codeHash"] = SecureCodes.Hash(code),
            ["userId"] = userId,
            ["loginType"] = loginElement,
            ["expiresAt"] = AccountDatabase.Instant(now + LoginCodeLifetime),
            ["createdAt"] = AccountDatabase.Instant(now),
        }, cancellationToken).ConfigureAwait(false);
        LogIssuedLoginCode(logger, userId, loginElement);
        return new JsonObject
        {
            ["loginCode"] = code,
            ["corpList"] = await corps.GetCorpListAsync(userId, cancellationToken).ConfigureAwait(false),
            ["userId"] = userId,
        };
    }

    /// <summary>
    /// Consumes a loginCode atomically and returns its user and issuing login element. AUTH_LOGIN_CODE_INVALID
    /// (unknown), AUTH_LOGIN_CODE_USED, AUTH_LOGIN_CODE_EXPIRED.
    /// </summary>
    public async Task<RedeemedLoginCode> RedeemLoginCodeAsync(string loginCode, CancellationToken cancellationToken = default)
    {
        if (!SecureCodes.LooksValid(loginCode))
        {
            throw new ElementException(AuthErrorCodes.LoginCodeInvalid, "the loginCode is not valid");
        }

        var store = await accounts.StoreAsync(AccountModels.LoginCode, cancellationToken).ConfigureAwait(false);
        var (consumed, row) = await ConsumeAsync(store, loginCode, null, cancellationToken).ConfigureAwait(false);
        if (consumed)
        {
            return new RedeemedLoginCode((long)row!["userId"]!, (string)row["loginType"]!);
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
        var (consumed, row) = await ConsumeAsync(store, bindCode, loginElement, cancellationToken).ConfigureAwait(false);
        if (!consumed)
        {
            if (row is not null && !string.Equals((string?)row["loginType"], loginElement, StringComparison.Ordinal))
            {
                throw new ElementException(AuthErrorCodes.BindCodeInvalid, "the bindCode was issued by another login method");
            }

            throw Diagnose(row, AuthErrorCodes.BindCodeInvalid, AuthErrorCodes.BindCodeUsed, AuthErrorCodes.BindCodeExpired, "bindCode", BindCodeLifetime);
        }

        var json = JsonNode.Parse(accounts.Protector.Unprotect((string)row!["identity"]!, BindIdentityPurpose))!.AsObject();
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

    private async Task<(bool Consumed, JsonObject? Row)> ConsumeAsync(ModelStore store, string code, string? loginElement, CancellationToken ct)
    {
        var hash = SecureCodes.Hash(code);
        var now = AccountDatabase.Instant(accounts.UtcNow);
        var filter = Q.And(Q.Eq("codeHash", hash), Q.Eq("consumedAt", null), Q.Field("expiresAt", ">", now));
        if (loginElement is not null)
        {
            filter = Q.And(filter, Q.Eq("loginType", loginElement));
        }

        var count = await store.UpdateByFilterAsync(filter, new JsonObject { ["consumedAt"] = now }, ct).ConfigureAwait(false);
        var row = await store.GetAsync(Q.Eq("codeHash", hash), null, ct).ConfigureAwait(false);
        return (count == 1, row);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Issued a loginCode for user {UserId} through {LoginElement}")]
    private static partial void LogIssuedLoginCode(ILogger logger, long userId, string loginElement);

    [LoggerMessage(Level = LogLevel.Information, Message = "Issued a bindCode through {LoginElement}")]
    private static partial void LogIssuedBindCode(ILogger logger, string loginElement);
}
