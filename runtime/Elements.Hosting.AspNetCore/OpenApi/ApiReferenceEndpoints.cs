using Microsoft.Net.Http.Headers;
using Scalar.AspNetCore;

namespace Elements.Hosting.AspNetCore.OpenApi;

/// <summary>
/// The interactive API reference (Scalar) over <c>/openapi/v1.json</c>, everything served by this host: Scalar's
/// bundle from its package, no web fonts, telemetry, agent or MCP calls to Scalar's services. The page is this
/// host's own rather than Scalar's, whose start-up is an inline script the host's Content-Security-Policy refuses;
/// it allows inline styles, which Scalar's components inject.
/// </summary>
internal static class ApiReferenceEndpoints
{
    private const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    public static void MapApiReference(this IEndpointRouteBuilder endpoints, string path)
    {
        // Scalar's endpoint serves its bundle (path/scalar.js); the page and its start-up script are the two below.
        endpoints.MapScalarApiReference(path);
        endpoints.MapGet(path, (HttpContext context) =>
        {
            context.Response.Headers[HeaderNames.ContentSecurityPolicy] = Policy;
            return Results.Content(Page(path), "text/html; charset=utf-8");
        }).ExcludeFromDescription();
        endpoints.MapGet(path + "/start.js", () => Results.Text(StartScript, "text/javascript; charset=utf-8")).ExcludeFromDescription();
    }

    private static string Page(string path) => $$"""
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>Element API reference</title>
        </head>
        <body>
          <div id="app"></div>
          <script src="{{path}}/scalar.js"></script>
          <script src="{{path}}/start.js"></script>
        </body>
        </html>
        """;

    private const string StartScript = $$"""
        Scalar.createApiReference('#app', {
          url: '{{OpenApiEndpoints.DocumentPath}}',
          withDefaultFonts: false,
          telemetry: false,
          showOperationId: true,
          agent: { disabled: true },
          mcp: { disabled: true },
          authentication: { preferredSecurityScheme: '{{ElementApiDescriber.BearerScheme}}' },
        });
        """;
}
