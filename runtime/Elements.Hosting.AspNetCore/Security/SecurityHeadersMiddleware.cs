using Microsoft.Net.Http.Headers;

namespace Elements.Hosting.AspNetCore.Security;

/// <summary>
/// Headers every answer of the host carries, added when the answer starts (so error pages and ProblemDetails written
/// by the exception handler get them too): no MIME sniffing, no referrer (the linking callback's URL carries WeChat's
/// code and the state, and nothing in the flows needs a Referer), no framing (clickjacking of the consent and login
/// buttons), and a Content-Security-Policy: HTML pages may load only this origin's files (no inline script or style),
/// any other answer may load nothing. An endpoint that sets its own policy (the sandbox's consent page, which allows
/// its one inline style by hash) keeps it.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; connect-src 'self'; "
        + "object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    public const string NonPagePolicy = "default-src 'none'; frame-ancestors 'none'";

    private const string ReferrerPolicy = "Referrer-Policy";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            Apply((HttpResponse)state);
            return Task.CompletedTask;
        }, context.Response);
        return next(context);
    }

    private static void Apply(HttpResponse response)
    {
        var headers = response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        if (!headers.ContainsKey(ReferrerPolicy))
        {
            headers[ReferrerPolicy] = "no-referrer";
        }

        if (!headers.ContainsKey(HeaderNames.ContentSecurityPolicy))
        {
            headers.ContentSecurityPolicy = IsHtml(response.ContentType) ? PagePolicy : NonPagePolicy;
        }
    }

    /// <summary><c>text/html</c>, with or without parameters (<c>; charset=utf-8</c>). Checked on every answer, so
    /// without parsing the header into objects.</summary>
    internal static bool IsHtml(string? contentType)
    {
        var mediaType = contentType.AsSpan();
        var parameters = mediaType.IndexOf(';');
        if (parameters >= 0)
        {
            mediaType = mediaType[..parameters];
        }

        return mediaType.Trim().Equals("text/html", StringComparison.OrdinalIgnoreCase);
    }
}
