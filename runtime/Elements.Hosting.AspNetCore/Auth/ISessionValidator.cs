namespace Elements.Hosting.AspNetCore.Auth;

/// <summary>
/// Decides whether a bearer token is a live session, for functions declared <c>loginRequired</c>. The host registers
/// <see cref="ElementSessionValidator"/> (backed by <c>auths.services.AuthSvc.getCurrentUser</c>); register another
/// implementation before <c>ElementsHost.Build</c> runs its defaults (TryAdd) to replace it.
/// </summary>
public interface ISessionValidator
{
    ValueTask<SessionValidation> ValidateAsync(string token, CancellationToken cancellationToken);
}
