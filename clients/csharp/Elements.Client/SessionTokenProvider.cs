using Microsoft.Kiota.Abstractions.Authentication;

namespace Elements.Client;

/// <summary>Supplies the session token for Kiota's bearer authentication, only for requests to the allowed host.</summary>
internal sealed class SessionTokenProvider(string host, Func<CancellationToken, Task<string?>> token) : IAccessTokenProvider
{
    public AllowedHostsValidator AllowedHostsValidator { get; } = new([host]);

    public async Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);

        // An empty token makes Kiota send no Authorization header: anonymous calls (register, getLoginCode, login).
        return AllowedHostsValidator.IsUrlHostValid(uri) ? await token(cancellationToken).ConfigureAwait(false) ?? "" : "";
    }
}
