namespace Elements.Std.Auths;

/// <summary>
/// Where one WeChat login instance keeps its openid → user bindings (unique per app id and openid, and per app id and
/// user). <see cref="WeChatIdentityBinding"/> runs the login / register / bind / unbind flow over it; each login type
/// only says how its table stores a binding.
/// </summary>
public interface IWeChatIdentityStore
{
    /// <summary>Full name of the login instance (it issues and alone redeems its codes).</summary>
    string LoginElement { get; }

    /// <summary>The WeChat app id of the instance.</summary>
    string AppId { get; }

    /// <summary>What the app is, for messages: "mini program", "official account".</summary>
    string AppKind { get; }

    /// <summary>The models the store writes, synced before a transaction starts.</summary>
    IReadOnlyList<string> Models { get; }

    /// <summary>The user bound to <paramref name="openId"/> in this app, or null.</summary>
    Task<long?> FindUserIdAsync(string openId, CancellationToken cancellationToken);

    /// <summary>The openid bound to <paramref name="userId"/> in this app, or null.</summary>
    Task<string?> FindOpenIdOfUserAsync(long userId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores what a new login of a bound identity brought (a session_key, a unionid WeChat now reports) and returns the
    /// user the openid is bound to; null when it is not bound in this app (nothing is written then). With
    /// <paramref name="code"/>, also stores that loginCode for the user in the same write, and only while the user
    /// exists: null, and nothing written, when the bound user is gone. A login's hot path: one statement where it can be.
    /// </summary>
    Task<long?> RefreshAsync(PendingIdentity identity, PendingLoginCode? code, CancellationToken cancellationToken);

    /// <summary>
    /// Binds the identity to the user. False when the store no longer knows the identity (a store that records an
    /// authorization before binding it); a <see cref="Data.ConstraintViolationException"/> of kind <c>unique</c> when
    /// a concurrent call bound the openid or the user first.
    /// </summary>
    Task<bool> AttachAsync(long userId, PendingIdentity identity, CancellationToken cancellationToken);

    /// <summary>Removes the user's binding; the openid it had, or null when there was none.</summary>
    Task<string?> DetachAsync(long userId, CancellationToken cancellationToken);
}
