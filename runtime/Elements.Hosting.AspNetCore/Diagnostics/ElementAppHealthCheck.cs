using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Elements.Hosting.AspNetCore.Diagnostics;

/// <summary>
/// Healthy when the element app is loaded (resolving it loads it; a load failure is reported, not thrown); degraded
/// while the latest hot reload failed (the previous elements keep serving until the files are fixed).
/// </summary>
internal sealed class ElementAppHealthCheck(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var app = services.GetRequiredService<ElementApp>();
            var data = new Dictionary<string, object>
            {
                ["appId"] = app.AppId,
                ["elements"] = app.Elements.Count,
                ["generation"] = app.Generation,
            };
            if (app.LastReload is { Succeeded: false } failed)
            {
                data["lastReload"] = "failed";
                data["diagnostics"] = failed.Diagnostics.Select(d => d.ToString()).Take(10).ToArray();
                return Task.FromResult(HealthCheckResult.Degraded(
                    $"app {app.AppId} serves generation {app.Generation}: the latest reload failed with {failed.Diagnostics.Count} error(s)", data: data));
            }

            return Task.FromResult(HealthCheckResult.Healthy($"app {app.AppId} loaded", data));
        }
        catch (ElementException ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"the element app did not load ({ex.Code})"));
        }
    }
}
