using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Elements.Data;
using Elements.Definitions;
using Elements.Std.Databases;
using Elements.Std.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Elements.Std.Auths;

/// <summary>
/// The account core shared by every login type: users, one-time loginCodes, single-use bindCodes carrying a pending
/// identity, sessions, organisation lists and unionid lookup across login types. One instance per
/// <see cref="ElementApp"/>: <c>AccountService.For(app)</c>. Model elements are looked up on every call, so a hot
/// reload is picked up.
/// <para>
/// Codes and tokens are 256-bit random (<see cref="SecureCodes"/>), stored only as SHA-256 hashes, found by hash and
/// consumed with one conditional UPDATE (<c>codeHash = h AND consumedAt IS NULL AND expiresAt &gt; now</c>), so of
/// any number of concurrent redemptions exactly one succeeds.
/// </para>
/// <para>
/// All account models (users, codes, sessions, corps and the login types' auth models) must live on one database
/// (by default they all use <c>databases.Default</c>), so that <see cref="RunInTransactionAsync{T}"/> covers them.
/// </para>
/// </summary>
public sealed class AccountService
{
    public const string UserModelName = "auths.models.UserModel";
    public const string LoginCodeModelName = "auths.models.LoginCodeModel";
    public const string BindCodeModelName = "auths.models.BindCodeModel";
    public const string SessionModelName = "auths.models.SessionModel";
    public const string CorpModelName = "corps.models.CorpModel";
    public const string CorpMemberModelName = "corps.models.CorpMember";

    /// <summary>The Meta every login type descends from; its instances are asked for unionid matches.</summary>
    public const string LoginTypesMeta = "auths.loginTypes.Meta";

    private const string BindIdentityPurpose = "auths.models.BindCodeModel.identity";
    private static readonly string[] CoreModels = [UserModelName, LoginCodeModelName, BindCodeModelName, SessionModelName, CorpModelName, CorpMemberModelName];
    private static readonly string[] UserFields = ["name", "avatar", "phone"];
    private static readonly ConditionalWeakTable<ElementApp, AccountService> Instances = new();

    private readonly ElementApp _app;
    private readonly FieldProtector _protector;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    private AccountService(ElementApp app)
    {
        _app = app;
        _protector = app.Services.GetRequiredService<FieldProtector>();
        _time = app.Services.GetService<TimeProvider>() ?? TimeProvider.System;
        _logger = app.Services.GetService<ILoggerFactory>()?.CreateLogger("Elements.Std.Auths.AccountService") ?? NullLogger.Instance;
    }

    /// <summary>How long a loginCode can be exchanged (5 minutes).</summary>
    public static TimeSpan LoginCodeLifetime { get; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a bindCode can be redeemed (5 minutes).</summary>
    public static TimeSpan BindCodeLifetime { get; } = TimeSpan.FromMinutes(5);

    public ElementApp App => _app;

    /// <summary>The field protector (AES-256-GCM) for secrets stored in rows.</summary>
    public FieldProtector Protector => _protector;

    /// <summary>Now, from the DI <see cref="TimeProvider"/> (system clock by default).</summary>
    public DateTime UtcNow => _time.GetUtcNow().UtcDateTime;

    /// <summary>The database the account models live on (that of <c>auths.models.UserModel</c>).</summary>
    public DatabaseElement Database => Model(UserModelName).DatabaseElement;

    /// <summary>The account service of <paramref name="app"/> (created once per app).</summary>
    public static AccountService For(ElementApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return Instances.GetValue(app, static a => new AccountService(a));
    }

    /// <summary>Formats an instant the way Datetime fields are stored: <c>2026-11-25T10:00:00.123456Z</c>.</summary>
    public static string Instant(DateTime utc) =>
        utc.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>A model element of the app (activated on first use).</summary>
    public ModelElement Model(string fullName) => _app.GetElement<ModelElement>(fullName);

    /// <summary>The model's store with its table synced. Open every store you need before starting a transaction.</summary>
    public Task<ModelStore> StoreAsync(string modelFullName, CancellationToken cancellationToken = default) =>
        Model(modelFullName).OpenStoreAsync(cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction on the account database: committed when it returns, rolled
    /// back when it throws. Model operations of the account core (and of auth models on the same database) inside it
    /// join the transaction. The core tables and <paramref name="alsoSync"/> are synced first (a sync inside a
    /// transaction would repeat on every call).
    /// </summary>
    public async Task<T> RunInTransactionAsync<T>(Func<CancellationToken, Task<T>> work, IEnumerable<string>? alsoSync = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        await EnsureSyncedAsync(alsoSync, cancellationToken).ConfigureAwait(false);
        return await Database.RunInTransactionAsync(work, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Syncs the core tables (and <paramref name="more"/>) once; cheap after the first call.</summary>
    public async Task EnsureSyncedAsync(IEnumerable<string>? more = null, CancellationToken cancellationToken = default)
    {
        foreach (var name in more is null ? CoreModels : CoreModels.Concat(more))
        {
            await StoreAsync(name, cancellationToken).ConfigureAwait(false);
        }
    }

    // ---------------------------------------------------------------- users

    /// <summary>Creates a user from the profile's <c>name</c>, <c>avatar</c>, <c>phone</c> (other keys are ignored).</summary>
    public async Task<JsonObject> CreateUserAsync(JsonObject? profile = null, CancellationToken cancellationToken = default)
    {
        var store = await StoreAsync(UserModelName, cancellationToken).ConfigureAwait(false);
        var now = Instant(UtcNow);
        var row = PickUserFields(profile);
        row["createdAt"] = now;
        row["updatedAt"] = now;
        var user = await store.CreateAsync(row, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Created user {UserId}", (long?)user["userId"]);
        return user;
    }

    /// <summary>The user row, or null.</summary>
    public async Task<JsonObject?> GetUserAsync(long userId, CancellationToken cancellationToken = default)
    {
        var store = await StoreAsync(UserModelName, cancellationToken).ConfigureAwait(false);
        return await store.GetByPKAsync(JsonValue.Create(userId), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The user row; AUTH_USER_NOT_FOUND when there is none.</summary>
    public async Task<JsonObject> RequireUserAsync(long userId, CancellationToken cancellationToken = default) =>
        await GetUserAsync(userId, cancellationToken).ConfigureAwait(false)
        ?? throw new ElementException(AuthErrorCodes.UserNotFound, $"user {userId} does not exist");

    /// <summary>Updates <c>name</c>, <c>avatar</c>, <c>phone</c> of a user (other keys are ignored) and returns the row.</summary>
    public async Task<JsonObject> UpdateUserAsync(long userId, JsonObject changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var store = await StoreAsync(UserModelName, cancellationToken).ConfigureAwait(false);
        var row = PickUserFields(changes);
        row["updatedAt"] = Instant(UtcNow);
        try
        {
            return await store.UpdateByPKAsync(JsonValue.Create(userId), row, cancellationToken).ConfigureAwait(false);
        }
        catch (RecordNotFoundException)
        {
            throw new ElementException(AuthErrorCodes.UserNotFound, $"user {userId} does not exist");
        }
    }

    // ---------------------------------------------------------------- loginCode

    /// <summary>
    /// Issues a one-time loginCode (valid <see cref="LoginCodeLifetime"/>) for an existing user and returns what every
    /// login type's <c>getLoginCode</c> returns: <c>{loginCode, corpList, userId}</c>.
    /// </summary>
    public async Task<JsonObject> IssueLoginCodeAsync(long userId, string loginElement, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(loginElement);
        await RequireUserAsync(userId, cancellationToken).ConfigureAwait(false);
        var store = await StoreAsync(LoginCodeModelName, cancellationToken).ConfigureAwait(false);
        var code = SecureCodes.Generate();
        var now = UtcNow;
        await store.CreateAsync(new JsonObject
        {
            ["codeHash"] = SecureCodes.Hash(code),
            ["userId"] = userId,
            ["loginType"] = loginElement,
            ["expiresAt"] = Instant(now + LoginCodeLifetime),
            ["createdAt"] = Instant(now),
        }, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Issued a loginCode for user {UserId} through {LoginElement}", userId, loginElement);
        return new JsonObject
        {
            ["loginCode"] = code,
            ["corpList"] = await GetCorpListAsync(userId, cancellationToken).ConfigureAwait(false),
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

        var store = await StoreAsync(LoginCodeModelName, cancellationToken).ConfigureAwait(false);
        var row = await ConsumeAsync(store, loginCode, null, cancellationToken).ConfigureAwait(false);
        if (row.Consumed)
        {
            return new RedeemedLoginCode((long)row.Row!["userId"]!, (string)row.Row["loginType"]!);
        }

        throw Diagnose(row.Row, AuthErrorCodes.LoginCodeInvalid, AuthErrorCodes.LoginCodeUsed, AuthErrorCodes.LoginCodeExpired, "loginCode");
    }

    // ---------------------------------------------------------------- bindCode

    /// <summary>Issues a single-use bindCode (valid <see cref="BindCodeLifetime"/>) for a pending identity.</summary>
    public async Task<string> IssueBindCodeAsync(PendingIdentity identity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentException.ThrowIfNullOrWhiteSpace(identity.LoginElement);
        var store = await StoreAsync(BindCodeModelName, cancellationToken).ConfigureAwait(false);
        var code = SecureCodes.Generate();
        var now = UtcNow;
        await store.CreateAsync(new JsonObject
        {
            ["codeHash"] = SecureCodes.Hash(code),
            ["loginType"] = identity.LoginElement,
            ["identity"] = _protector.Protect(identity.ToJson().ToJsonString(), BindIdentityPurpose),
            ["expiresAt"] = Instant(now + BindCodeLifetime),
            ["createdAt"] = Instant(now),
        }, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Issued a bindCode through {LoginElement}", identity.LoginElement);
        return code;
    }

    /// <summary>
    /// Consumes a bindCode issued by <paramref name="loginElement"/> atomically and returns its identity.
    /// AUTH_BIND_CODE_INVALID (unknown, or issued by another login element), AUTH_BIND_CODE_USED,
    /// AUTH_BIND_CODE_EXPIRED. Call it inside <see cref="RunInTransactionAsync{T}"/> together with the writes that
    /// bind the identity, so that a failure of those leaves the code unused.
    /// </summary>
    public async Task<PendingIdentity> RedeemBindCodeAsync(string bindCode, string loginElement, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(loginElement);
        if (!SecureCodes.LooksValid(bindCode))
        {
            throw new ElementException(AuthErrorCodes.BindCodeInvalid, "the bindCode is not valid");
        }

        var store = await StoreAsync(BindCodeModelName, cancellationToken).ConfigureAwait(false);
        var result = await ConsumeAsync(store, bindCode, loginElement, cancellationToken).ConfigureAwait(false);
        if (!result.Consumed)
        {
            if (result.Row is not null && !string.Equals((string?)result.Row["loginType"], loginElement, StringComparison.Ordinal))
            {
                throw new ElementException(AuthErrorCodes.BindCodeInvalid, "the bindCode was issued by another login method");
            }

            throw Diagnose(result.Row, AuthErrorCodes.BindCodeInvalid, AuthErrorCodes.BindCodeUsed, AuthErrorCodes.BindCodeExpired, "bindCode");
        }

        var json = JsonNode.Parse(_protector.Unprotect((string)result.Row!["identity"]!, BindIdentityPurpose))!.AsObject();
        return PendingIdentity.FromJson(json);
    }

    // ---------------------------------------------------------------- sessions

    /// <summary>Creates a session for a user: <c>{token, expiresAt, userId}</c>; only the token's hash is stored.</summary>
    public async Task<JsonObject> CreateSessionAsync(long userId, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        var store = await StoreAsync(SessionModelName, cancellationToken).ConfigureAwait(false);
        var token = SecureCodes.Generate();
        var now = UtcNow;
        var expiresAt = Instant(now + lifetime);
        await store.CreateAsync(new JsonObject
        {
            ["tokenHash"] = SecureCodes.Hash(token),
            ["userId"] = userId,
            ["expiresAt"] = expiresAt,
            ["createdAt"] = Instant(now),
        }, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Started a session for user {UserId}", userId);
        return new JsonObject { ["token"] = token, ["expiresAt"] = expiresAt, ["userId"] = userId };
    }

    /// <summary>The user of a live session (not expired, not revoked), or null.</summary>
    public async Task<JsonObject?> GetSessionUserAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (!SecureCodes.LooksValid(token))
        {
            return null;
        }

        var store = await StoreAsync(SessionModelName, cancellationToken).ConfigureAwait(false);
        var session = await store.GetAsync(
            Q.And(Q.Eq("tokenHash", SecureCodes.Hash(token!)), Q.Eq("revokedAt", null), Q.Field("expiresAt", ">", Instant(UtcNow))),
            null, cancellationToken).ConfigureAwait(false);
        return session is null ? null : await GetUserAsync((long)session["userId"]!, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Revokes a session; false when the token was unknown, expired or already revoked.</summary>
    public async Task<bool> RevokeSessionAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (!SecureCodes.LooksValid(token))
        {
            return false;
        }

        var store = await StoreAsync(SessionModelName, cancellationToken).ConfigureAwait(false);
        var now = Instant(UtcNow);
        var count = await store.UpdateByFilterAsync(
            Q.And(Q.Eq("tokenHash", SecureCodes.Hash(token!)), Q.Eq("revokedAt", null), Q.Field("expiresAt", ">", now)),
            new JsonObject { ["revokedAt"] = now }, cancellationToken).ConfigureAwait(false);
        return count == 1;
    }

    /// <summary>
    /// Deletes loginCodes and bindCodes that expired more than <paramref name="retention"/> ago (default one day) and
    /// sessions that expired or were revoked that long ago; returns how many rows went. Run it from a scheduled job.
    /// </summary>
    public async Task<int> PurgeExpiredAsync(TimeSpan? retention = null, CancellationToken cancellationToken = default)
    {
        var cutoff = Instant(UtcNow - (retention ?? TimeSpan.FromDays(1)));
        var total = 0;
        foreach (var name in new[] { LoginCodeModelName, BindCodeModelName })
        {
            var store = await StoreAsync(name, cancellationToken).ConfigureAwait(false);
            total += await store.DeleteByFilterAsync(Q.Field("expiresAt", "<", cutoff), cancellationToken).ConfigureAwait(false);
        }

        var sessions = await StoreAsync(SessionModelName, cancellationToken).ConfigureAwait(false);
        total += await sessions.DeleteByFilterAsync(Q.Or(Q.Field("expiresAt", "<", cutoff), Q.Field("revokedAt", "<", cutoff)), cancellationToken)
            .ConfigureAwait(false);
        return total;
    }

    // ---------------------------------------------------------------- corps

    /// <summary>The user's organisations: <c>[{corpId, name, role}]</c>, by corpId.</summary>
    public async Task<JsonArray> GetCorpListAsync(long userId, CancellationToken cancellationToken = default)
    {
        var members = await StoreAsync(CorpMemberModelName, cancellationToken).ConfigureAwait(false);
        var corps = await StoreAsync(CorpModelName, cancellationToken).ConfigureAwait(false);
        var memberships = await members.QueryAsync(Q.Eq("userId", userId), null, [OrderBy.Asc("corpId")], null, null, cancellationToken)
            .ConfigureAwait(false);
        var result = new JsonArray();
        if (memberships.RowDatas.Count == 0)
        {
            return result;
        }

        var ids = memberships.RowDatas.Select(r => (long)r!["corpId"]!).Distinct().ToArray();
        var names = (await corps.QueryAsync(Q.Field("corpId", "in", ids), null, null, null, null, cancellationToken).ConfigureAwait(false))
            .RowDatas.ToDictionary(r => (long)r!["corpId"]!, r => (string?)r!["name"]);
        foreach (var row in memberships.RowDatas)
        {
            var corpId = (long)row!["corpId"]!;
            if (names.TryGetValue(corpId, out var name))
            {
                result.Add(new JsonObject { ["corpId"] = corpId, ["name"] = name, ["role"] = (string?)row["role"] });
            }
        }

        return result;
    }

    // ---------------------------------------------------------------- identities

    /// <summary>
    /// The user bound to <paramref name="unionId"/> through any login instance of the app whose class implements
    /// <see cref="IUnionIdResolver"/> (another mini program of the same open platform, an official account...), or null.
    /// </summary>
    public async Task<long?> FindUserIdByUnionIdAsync(string? unionId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(unionId))
        {
            return null;
        }

        var asked = new HashSet<Type>();
        foreach (var definition in _app.FindElements("." + LoginTypesMeta))
        {
            if (definition.Layer != ElementLayer.Instance || definition.ImplementationType is null
                || !typeof(IUnionIdResolver).IsAssignableFrom(definition.ImplementationType))
            {
                continue;
            }

            IUnionIdResolver resolver;
            try
            {
                resolver = (IUnionIdResolver)_app.GetElement(definition.FullName);
            }
            catch (ElementException ex)
            {
                _logger.LogWarning("Login element {Element} could not be activated for a unionid lookup: {Code}", definition.FullName, ex.Code);
                continue;
            }

            if (resolver is IUnionIdSharedTable && !asked.Add(resolver.GetType()))
            {
                // Instances of one type sharing one table answer alike: ask once.
                continue;
            }

            if (await resolver.FindUserIdByUnionIdAsync(unionId, cancellationToken).ConfigureAwait(false) is { } userId)
            {
                return userId;
            }
        }

        return null;
    }

    private static JsonObject PickUserFields(JsonObject? source)
    {
        var row = new JsonObject();
        if (source is null)
        {
            return row;
        }

        foreach (var field in UserFields)
        {
            if (source.TryGetPropertyValue(field, out var value))
            {
                row[field] = value?.DeepClone();
            }
        }

        return row;
    }

    private async Task<(bool Consumed, JsonObject? Row)> ConsumeAsync(ModelStore store, string code, string? loginElement, CancellationToken ct)
    {
        var hash = SecureCodes.Hash(code);
        var now = Instant(UtcNow);
        var filter = Q.And(Q.Eq("codeHash", hash), Q.Eq("consumedAt", null), Q.Field("expiresAt", ">", now));
        if (loginElement is not null)
        {
            filter = Q.And(filter, Q.Eq("loginType", loginElement));
        }

        var count = await store.UpdateByFilterAsync(filter, new JsonObject { ["consumedAt"] = now }, ct).ConfigureAwait(false);
        var row = await store.GetAsync(Q.Eq("codeHash", hash), null, ct).ConfigureAwait(false);
        return (count == 1, row);
    }

    private static ElementException Diagnose(JsonObject? row, string invalid, string used, string expired, string what)
    {
        if (row is null)
        {
            return new ElementException(invalid, $"the {what} is not valid");
        }

        if (row["consumedAt"] is not null)
        {
            return new ElementException(used, $"the {what} has already been used");
        }

        return new ElementException(expired, $"the {what} has expired (valid for {(what == "bindCode" ? BindCodeLifetime : LoginCodeLifetime).TotalMinutes:0} minutes)");
    }
}

/// <summary>Marks an <see cref="IUnionIdResolver"/> whose instances all read one shared table (asked once per lookup).</summary>
public interface IUnionIdSharedTable
{
}
