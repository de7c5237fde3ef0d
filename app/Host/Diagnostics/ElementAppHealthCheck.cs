using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Elements.Host.Diagnostics;

/// <summary>Healthy when the element app is loaded (resolving it loads it; a load failure is reported, not thrown).</summary>
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
            return Task.FromResult(HealthCheckResult.Healthy($"app {app.AppId} loaded", data));
        }
        catch (ElementException ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"the element app did not load ({ex.Code})"));
        }
    }
}
