namespace Elements.Hosting.AspNetCore.Errors;

/// <summary>Error codes the host itself reports (the runtime's EL_* codes and elements' own codes pass through).</summary>
public static class HostErrorCodes
{
    /// <summary>The URL's <c>{orgId}.{appName}</c> is not the app this host serves (404).</summary>
    public const string UnknownApp = ElementErrorCodes.UnknownApp;

    /// <summary>The request body is not a JSON object of named arguments (400).</summary>
    public const string InvalidBody = ElementErrorCodes.InvalidBody;

    /// <summary>The request body is larger than <c>Elements:MaxBodyBytes</c> (413).</summary>
    public const string BodyTooLarge = ElementErrorCodes.BodyTooLarge;

    /// <summary>The request body is not JSON (415).</summary>
    public const string UnsupportedMediaType = ElementErrorCodes.UnsupportedMediaType;

    /// <summary>A login-required function was called without a bearer token (401).</summary>
    public const string Unauthenticated = ElementErrorCodes.Unauthenticated;

    /// <summary>The bearer token is not a valid session (401).</summary>
    public const string InvalidSession = ElementErrorCodes.InvalidSession;

    /// <summary>A login-required function was called but the app has no <c>auths.services.AuthSvc</c> to check sessions (401).</summary>
    public const string LoginUnavailable = ElementErrorCodes.LoginUnavailable;

    /// <summary>The caller's roles refuse the function, or it names another user than the session's (<c>userId</c>) (403).</summary>
    public const string Forbidden = ElementErrorCodes.Forbidden;

    /// <summary>The client made more calls than <c>Elements:RateLimit</c> allows; <c>Retry-After</c> says when to retry (429).</summary>
    public const string RateLimited = ElementErrorCodes.RateLimited;

    /// <summary>An unexpected failure; details are in the server log under the response's traceId (500).</summary>
    public const string Internal = ElementErrorCodes.Internal;

    /// <summary>A request that changes something (not GET/HEAD) to the element API or the console API came with an
    /// <c>Origin</c> header naming another site than this host (403).</summary>
    public const string CrossOrigin = ElementErrorCodes.CrossOrigin;

    /// <summary>The console's sandbox sign-in link is unknown, expired or already used (401).</summary>
    public const string ConsoleLinkInvalid = ElementErrorCodes.ConsoleLinkInvalid;
}
