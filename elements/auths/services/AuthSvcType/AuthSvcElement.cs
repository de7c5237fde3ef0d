using System.Diagnostics;
using System.Text.Json.Nodes;
using Elements.Activation;

namespace Elements.Std.Auths;

/// <summary>
/// <c>auths.services.AuthSvc</c>: exchanges loginCodes for sessions and answers "who is this token". The web host's
/// session validator calls <c>getCurrentUser</c>; a null result means "not a session".
/// </summary>
[ElementType("auths.services.AuthSvcType", ConfigType = typeof(AuthSvcConfig))]
public sealed class AuthSvcElement
{
    private readonly SessionService _sessions;
    private readonly TimeSpan _lifetime;
    private readonly AuthMetrics _metrics;

    public AuthSvcElement(AuthSvcConfig config, AuthMetrics metrics, SessionService sessions)
    {
        ArgumentNullException.ThrowIfNull(config);
        _sessions = sessions;
        _lifetime = TimeSpan.FromHours(config.SessionLifetimeHours);
        _metrics = metrics;
    }

    /// <summary><c>login(loginCode)</c> → <c>{token, expiresAt, userId}</c>.</summary>
    public async Task<JsonObject> LoginAsync(string loginCode, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        string? loginType = null;
        var outcome = ElementErrorCodes.FunctionFailed;
        try
        {
            (var session, loginType) = await _sessions.StartAsync(loginCode, _lifetime, cancellationToken).ConfigureAwait(false);
            outcome = "ok";
            return session;
        }
        catch (ElementException ex)
        {
            outcome = ex.Code;
            throw;
        }
        finally
        {
            _metrics.RecordLogin(started, loginType, outcome);
        }
    }

    /// <summary><c>getCurrentUser(token)</c> → the user row, or null.</summary>
    public Task<JsonObject?> GetCurrentUserAsync(string? token, CancellationToken cancellationToken) =>
        _sessions.GetUserAsync(token, cancellationToken);

    /// <summary><c>logout(token)</c> → <c>{loggedOut}</c>: false when the token was not a live session.</summary>
    public async Task<JsonObject> LogoutAsync(string? token, CancellationToken cancellationToken) =>
        new() { ["loggedOut"] = await _sessions.RevokeAsync(token, cancellationToken).ConfigureAwait(false) };

    public override string ToString() => "auths.services.AuthSvc";
}
