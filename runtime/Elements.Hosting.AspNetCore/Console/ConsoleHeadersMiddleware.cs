using Microsoft.Net.Http.Headers;

namespace Elements.Hosting.AspNetCore.Console;

/// <summary>
/// The console's own headers on every <c>/console</c> answer, errors included (set when the answer starts, before the
/// host's general headers, which keep a policy already set): a CSP that allows this origin's files only (no inline
/// script or style, no framing, forms post here only), no referrer, and no caching of API answers (they carry data).
/// </summary>
internal sealed class ConsoleHeadersMiddleware(RequestDelegate next)
{
    public const string Policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = Policy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            if (http.Request.Path.StartsWithSegments(ConsoleEndpoints.ApiPath, StringComparison.OrdinalIgnoreCase))
            {
                headers.CacheControl = "no-store";
            }
            else if (!headers.ContainsKey(HeaderNames.CacheControl))
            {
                // The pages hold no data, but must follow a host upgrade at once.
                headers.CacheControl = "no-cache";
            }

            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
