namespace Elements.Security;

/// <summary>
/// The remote party an element function runs for: a session's user, an anonymous visitor, or a machine client of an
/// API authorization. The host (and <c>elements invoke --user</c>) build one per call after the permission check and
/// hand it to the function through a parameter of this type, which the invoker fills like a
/// <see cref="CancellationToken"/>. A null caller means a trusted in-process call (C# code, scripts, the CLI without
/// <c>--user</c>): nothing is restricted. Deliberately not ambient: a function's own nested calls (a login type writing
/// the user table) run with the element's authority, not the remote caller's.
/// </summary>
public sealed class ElementCaller
{
    private readonly Func<string, bool> _seesAllRowsOf;
    private readonly Func<string, bool>? _mayQuery;

    /// <param name="userId">The session's user; null for anonymous and machine callers.</param>
    /// <param name="roles">Full names of the roles the decision used (implicit ones included).</param>
    /// <param name="seesAllRowsOf">Whether the caller's row permission on a model (by full name) is <c>all</c>
    /// rather than <c>own</c>.</param>
    /// <param name="accessKey">The API authorization's access key of a signed machine call.</param>
    /// <param name="mayQuery">Whether the caller may call <c>query</c> of a model (by full name); a function that would
    /// show rows of a related model asks first. Null: no other model.</param>
    public ElementCaller(long? userId, IReadOnlyList<string> roles, Func<string, bool> seesAllRowsOf, string? accessKey = null,
        Func<string, bool>? mayQuery = null)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(seesAllRowsOf);
        UserId = userId;
        Roles = roles;
        AccessKey = accessKey;
        _seesAllRowsOf = seesAllRowsOf;
        _mayQuery = mayQuery;
    }

    public long? UserId { get; }

    public bool IsAuthenticated => UserId is not null;

    public IReadOnlyList<string> Roles { get; }

    public string? AccessKey { get; }

    /// <summary>True when the caller may see and change every row of the model, false when only its own rows
    /// (those whose <c>ownerField</c> holds <see cref="UserId"/>).</summary>
    public bool SeesAllRowsOf(string modelFullName) => _seesAllRowsOf(modelFullName);

    /// <summary>
    /// True when the caller could call <c>query</c> of the model itself: what a relation path or an expanded relation
    /// of another model's function may show of it (otherwise a grant on one model would read every model it points at).
    /// </summary>
    public bool MayQuery(string modelFullName) => _mayQuery?.Invoke(modelFullName) ?? false;

    public override string ToString() =>
        (UserId is { } id ? $"user {id}" : AccessKey is { } key ? $"api client {key}" : "anonymous") + $" [{string.Join(", ", Roles)}]";
}
