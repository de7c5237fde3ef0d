using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace Elements.Client;

/// <summary>
/// Makes an <see cref="ElementsApiClient"/> on an <see cref="HttpClient"/> whose <see cref="HttpClient.BaseAddress"/> is
/// the host (e.g. <c>http://127.0.0.1:5080/</c>), optionally with a session token from
/// <c>auths.services.AuthSvc.login</c> sent as <c>Authorization: Bearer</c>. Errors arrive as the generated
/// <see cref="Models.ProblemDetails"/> exception (<c>Code</c>, <c>Status</c>, <c>Errcode</c>, <c>Errmsg</c>).
/// </summary>
public static class ElementsClientFactory
{
    /// <summary>A client that sends <paramref name="token"/> (none when null) with every call.</summary>
    public static ElementsApiClient Create(HttpClient httpClient, string? token = null) =>
        Create(httpClient, _ => Task.FromResult(token));

    /// <summary>A client that asks <paramref name="token"/> before each call, so one client can follow a login, a
    /// logout or a refreshed session.</summary>
    public static ElementsApiClient Create(HttpClient httpClient, Func<CancellationToken, Task<string?>> token)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(token);
        var host = httpClient.BaseAddress
            ?? throw new ArgumentException("The HttpClient needs a BaseAddress: the Elements host, e.g. http://127.0.0.1:5080/.", nameof(httpClient));

        // The token goes to the host the client was made for and nowhere else (e.g. not to a URL passed to WithUrl).
        var authentication = new BaseBearerTokenAuthenticationProvider(new SessionTokenProvider(host.Host, token));
        var adapter = new HttpClientRequestAdapter(authentication, httpClient: httpClient)
        {
            // The generated paths start with /api/...: the base URL is everything before them, without a trailing slash.
            BaseUrl = host.GetLeftPart(UriPartial.Path).TrimEnd('/'),
        };
        return new ElementsApiClient(adapter);
    }
}
