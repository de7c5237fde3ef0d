using System.Text.Json.Nodes;
using Elements.Data.Errors;
using Microsoft.Extensions.Logging;

namespace Elements.Std.Auths;

/// <summary>
/// The identity flow every WeChat login type shares, once WeChat has told it who the user is (a
/// <see cref="PendingIdentity"/>): <c>getLoginCode</c> (known → loginCode, linked by unionid → loginCode, new →
/// bindCode or AUTH_NOT_REGISTERED), <c>register(bindCode)</c>, <c>bind(userId)</c> and <c>unbind(userId)</c>, over the
/// login type's <see cref="IWeChatIdentityStore"/>. WeChat is called by the login type before any of this, so a WeChat
/// failure writes nothing.
/// </summary>
public sealed partial class WeChatIdentityBinding(
    AccountDatabase accounts,
    UserAccounts users,
    OneTimeCodes codes,
    UnionIdLookup unionIds,
    ILogger<WeChatIdentityBinding> logger)
{
    /// <summary>
    /// <c>getLoginCode</c>: <c>{loginCode, corpList, userId}</c> for a bound openid or a unionid bound through another
    /// login instance (the openid is then bound to that user, unless the user already has another openid in this app);
    /// otherwise <c>{bindCode}</c> when <paramref name="allowRegister"/>, else AUTH_NOT_REGISTERED.
    /// </summary>
    public async Task<JsonObject> LoginAsync(IWeChatIdentityStore store, PendingIdentity identity, bool allowRegister,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(identity);

        // The returning user (the common case): the binding's refresh (which also finds the user) and the loginCode are
        // one write (one statement on PostgreSQL), stored entirely or not at all; what the login returns besides the
        // code is read after it.
        for (var attempt = 0; ; attempt++)
        {
            var code = await codes.NewLoginCodeAsync(store.LoginElement, cancellationToken).ConfigureAwait(false);
            if (await store.RefreshAsync(identity, code, cancellationToken).ConfigureAwait(false) is { } known)
            {
                LogLogin(logger, store.LoginElement, known);
                return await codes.LoginCodeResultAsync(known, code.Code, cancellationToken).ConfigureAwait(false);
            }

            // Not refreshed: the openid is not bound, or its user is gone, or a concurrent bind has just bound it (then
            // the refresh is tried once more).
            if (await store.FindUserIdAsync(identity.OpenId, cancellationToken).ConfigureAwait(false) is not { } boundTo)
            {
                break;
            }

            if (attempt > 0 || !await users.ExistsAsync(boundTo, cancellationToken).ConfigureAwait(false))
            {
                throw UserAccounts.NotFound(boundTo);
            }
        }

        // Outside a transaction: linking may lose a unique-key race to a concurrent login and then looks again.
        if (await unionIds.FindUserIdAsync(identity.UnionId, cancellationToken).ConfigureAwait(false) is { } linked
            && await TryLinkAsync(store, linked, identity, cancellationToken).ConfigureAwait(false) is { } userId)
        {
            LogLinked(logger, userId, store.LoginElement);
            return await codes.IssueLoginCodeAsync(userId, store.LoginElement, cancellationToken).ConfigureAwait(false);
        }

        if (!allowRegister)
        {
            throw new ElementException(AuthErrorCodes.NotRegistered,
                "this WeChat user is not registered and this login method does not allow registration (allowRegister is 0)");
        }

        var bindCode = await codes.IssueBindCodeAsync(identity, cancellationToken).ConfigureAwait(false);
        return new JsonObject { ["bindCode"] = bindCode };
    }

    /// <summary>
    /// <c>register(bindCode)</c>: the new user row. The bindCode is consumed, the user created and the openid bound in
    /// one transaction. AUTH_BIND_CODE_INVALID / _USED / _EXPIRED; AUTH_ALREADY_REGISTERED when the openid was bound
    /// meanwhile; AUTH_NOT_BOUND when the store no longer knows the identity.
    /// </summary>
    public async Task<JsonObject> RegisterAsync(IWeChatIdentityStore store, string bindCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        try
        {
            var user = await accounts.RunInTransactionAsync(async ct =>
            {
                var identity = await codes.RedeemBindCodeAsync(bindCode, store.LoginElement, ct).ConfigureAwait(false);
                if (!string.Equals(identity.AppId, store.AppId, StringComparison.Ordinal))
                {
                    throw new ElementException(AuthErrorCodes.BindCodeInvalid, $"the bindCode was issued for another {store.AppKind}");
                }

                if (await store.FindUserIdAsync(identity.OpenId, ct).ConfigureAwait(false) is not null)
                {
                    throw AlreadyRegistered();
                }

                var created = await users.CreateAsync(identity.Profile, ct).ConfigureAwait(false);
                if (!await store.AttachAsync((long)created["userId"]!, identity, ct).ConfigureAwait(false))
                {
                    throw new ElementException(AuthErrorCodes.NotBound, "the WeChat authorization of this bindCode is no longer stored: log in again");
                }

                return created;
            }, store.Models, cancellationToken).ConfigureAwait(false);
            LogRegistered(logger, (long)user["userId"]!, store.LoginElement);
            return user;
        }
        catch (ConstraintViolationException ex) when (ex.Kind == "unique")
        {
            throw AlreadyRegistered();
        }
    }

    /// <summary>
    /// <c>bind(userId, …)</c>: binds the identity to an existing user (the caller checked that the user exists before
    /// spending the WeChat code): <c>{userId, appId, openid, unionid}</c>, idempotent for the same pair.
    /// AUTH_OPENID_BOUND_TO_OTHER_USER, AUTH_USER_ALREADY_BOUND (unbind first).
    /// </summary>
    public async Task<JsonObject> BindAsync(IWeChatIdentityStore store, long userId, PendingIdentity identity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(identity);
        for (var attempt = 0; ; attempt++)
        {
            if (await store.FindUserIdAsync(identity.OpenId, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                if (existing != userId)
                {
                    throw new ElementException(AuthErrorCodes.BoundToOtherUser, "this WeChat user is already bound to another user");
                }

                await store.RefreshAsync(identity, null, cancellationToken).ConfigureAwait(false);
                return BindResult(store, userId, identity);
            }

            if (await store.FindOpenIdOfUserAsync(userId, cancellationToken).ConfigureAwait(false) is not null)
            {
                throw UserAlreadyBound(store, userId);
            }

            try
            {
                if (!await store.AttachAsync(userId, identity, cancellationToken).ConfigureAwait(false))
                {
                    throw new ElementException(AuthErrorCodes.NotBound, "the WeChat authorization is no longer stored: log in again");
                }

                LogBound(logger, userId, store.LoginElement);
                return BindResult(store, userId, identity);
            }
            catch (ConstraintViolationException ex) when (ex.Kind == "unique")
            {
                // A concurrent bind or login won the race: look again once and report what is there now.
                if (attempt > 0)
                {
                    throw UserAlreadyBound(store, userId);
                }
            }
        }
    }

    /// <summary><c>unbind(userId)</c>: <c>{userId, appId, openid, unbound: true}</c>; AUTH_NOT_BOUND when there is no binding.</summary>
    public async Task<JsonObject> UnbindAsync(IWeChatIdentityStore store, long userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var openId = await store.DetachAsync(userId, cancellationToken).ConfigureAwait(false)
            ?? throw new ElementException(AuthErrorCodes.NotBound, $"user {userId} is not bound to this {store.AppKind}");
        LogUnbound(logger, userId, store.LoginElement);
        return new JsonObject { ["userId"] = userId, ["appId"] = store.AppId, ["openid"] = openId, ["unbound"] = true };
    }

    /// <summary>Binds the openid to the user a unionid named; null when it cannot (the user has another openid here).</summary>
    private static async Task<long?> TryLinkAsync(IWeChatIdentityStore store, long userId, PendingIdentity identity, CancellationToken ct)
    {
        if (await store.FindOpenIdOfUserAsync(userId, ct).ConfigureAwait(false) is { } bound)
        {
            // This very openid: a concurrent login of it linked the user first, so this login is that user's. Another
            // openid of this app: do not steal it, treat this one as new.
            return string.Equals(bound, identity.OpenId, StringComparison.Ordinal) ? userId : null;
        }

        try
        {
            return await store.AttachAsync(userId, identity, ct).ConfigureAwait(false) ? userId : null;
        }
        catch (ConstraintViolationException ex) when (ex.Kind == "unique")
        {
            // A concurrent login of the same user bound it first: use what is there now.
            return await store.FindUserIdAsync(identity.OpenId, ct).ConfigureAwait(false);
        }
    }

    private static JsonObject BindResult(IWeChatIdentityStore store, long userId, PendingIdentity identity) => new()
    {
        ["userId"] = userId,
        ["appId"] = store.AppId,
        ["openid"] = identity.OpenId,
        ["unionid"] = identity.UnionId,
    };

    private static ElementException AlreadyRegistered() =>
        new(AuthErrorCodes.AlreadyRegistered, "this WeChat user is already registered; log in with getLoginCode");

    private static ElementException UserAlreadyBound(IWeChatIdentityStore store, long userId) =>
        new(AuthErrorCodes.UserAlreadyBound, $"user {userId} is already bound to another WeChat user of this {store.AppKind}; unbind first");

    // Debug: per request (the account changes below stay at Information).
    [LoggerMessage(Level = LogLevel.Debug, Message = "WeChat login {LoginElement}: user {UserId} logged in")]
    private static partial void LogLogin(ILogger logger, string loginElement, long userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Linked user {UserId} to {LoginElement} through its unionid")]
    private static partial void LogLinked(ILogger logger, long userId, string loginElement);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered user {UserId} through {LoginElement}")]
    private static partial void LogRegistered(ILogger logger, long userId, string loginElement);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bound user {UserId} through {LoginElement}")]
    private static partial void LogBound(ILogger logger, long userId, string loginElement);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unbound user {UserId} from {LoginElement}")]
    private static partial void LogUnbound(ILogger logger, long userId, string loginElement);
}
