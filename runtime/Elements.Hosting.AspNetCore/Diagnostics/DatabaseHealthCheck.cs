using Elements.Definitions;
using Elements.Std.Databases;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Elements.Hosting.AspNetCore.Diagnostics;

/// <summary>Healthy when every database element of the app answers <c>SELECT 1</c> (within the check's time budget).</summary>
internal sealed class DatabaseHealthCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ElementApp app;
        try
        {
            app = services.GetRequiredService<ElementApp>();
        }
        catch (ElementException ex)
        {
            return HealthCheckResult.Unhealthy($"the element app did not load ({ex.Code})");
        }

        var data = new Dictionary<string, object>();
        var failed = new List<string>();
        foreach (var definition in app.Elements.Where(d => d.Layer == ElementLayer.Instance
            && d.ImplementationType is { } t && typeof(DatabaseElement).IsAssignableFrom(t)))
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                var database = app.GetElement<DatabaseElement>(definition.FullName);
                await using var connection = await database.Database.OpenConnectionAsync(timeout.Token);
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT 1";
                await command.ExecuteScalarAsync(timeout.Token);
                data[definition.FullName] = database.Provider;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                data[definition.FullName] = "unreachable";
                failed.Add(definition.FullName);
            }
        }

        return failed.Count == 0
            ? HealthCheckResult.Healthy($"{data.Count} database(s) reachable", data)
            : HealthCheckResult.Unhealthy($"unreachable: {string.Join(", ", failed)}", data: data);
    }
}
