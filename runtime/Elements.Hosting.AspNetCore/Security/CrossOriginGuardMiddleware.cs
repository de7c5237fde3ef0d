using Elements.Hosting.AspNetCore.Console;
using Elements.Hosting.AspNetCore.Errors;

namespace Elements.Hosting.AspNetCore.Security;

/// <summary>
/// Refuses (403 <c>EL_CROSS_ORIGIN</c>) a request that changes something (any method but GET and HEAD) on the element
/// API or the console API when its <c>Origin</c> header names another site than this host. Bearer tokens already
/// keep a cross-site form from acting as the user (it cannot set the Authorization header); this closes what is left
/// to a page elsewhere, such as anonymous calls and a browser-held credential added later. A missing Origin is a
/// non-browser client (curl, the SDKs, a test) and passes; so does the app's own origin.
/// </summary>
internal sealed class CrossOriginGuardMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
            && (request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
                || request.Path.StartsWithSegments(ConsoleEndpoints.ApiPath, StringComparison.OrdinalIgnoreCase))
            && request.Headers.Origin is { Count: > 0 } origin
            && !(origin.Count == 1 && IsOwnOrigin(origin.ToString(), request)))
        {
            throw new ElementException(HostErrorCodes.CrossOrigin, "cross-origin requests that change something are refused");
        }

        return next(context);
    }

    /// <summary>Scheme, host and port equal to the request's own (default ports made explicit on both sides).
    /// The opaque origin <c>null</c> (sandboxed frames, file pages) is never this host's.</summary>
    internal static bool IsOwnOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var theirs)
        && Uri.TryCreate($"{request.Scheme}://{request.Host.Value}", UriKind.Absolute, out var ours)
        && string.Equals(theirs.Scheme, ours.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(theirs.IdnHost, ours.IdnHost, StringComparison.OrdinalIgnoreCase)
        && theirs.Port == ours.Port
        && theirs.AbsolutePath == "/";
}
