using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Elements.Hosting.AspNetCore.Diagnostics;

/// <summary>Writes <c>/healthz</c> as JSON: overall status plus each check's status and description (no exceptions:
/// the endpoint is public).</summary>
internal static class HealthResponseWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, Elements.Invocation.ElementInvoker.JsonOptions, context.RequestAborted);
    }
}
