namespace Elements.Std.Auths;

/// <summary>
/// Implemented by login-type element classes whose identities carry a WeChat unionid, so that a user registered
/// through one app or login type is recognised by another app of the same open platform.
/// <see cref="UnionIdLookup"/> asks every login instance of the app that implements it.
/// </summary>
public interface IUnionIdResolver
{
    /// <summary>The user bound to <paramref name="unionId"/> through this login type, or null.</summary>
    Task<long?> FindUserIdByUnionIdAsync(string unionId, CancellationToken cancellationToken = default);
}
