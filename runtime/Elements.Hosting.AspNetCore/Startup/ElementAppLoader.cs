using Elements.Diagnostics;
using Elements.Std.Models;

namespace Elements.Hosting.AspNetCore.Startup;

/// <summary>Loads the element app while the host starts, so a broken app stops the start with every diagnostic in
/// the log instead of failing the first request; then syncs the schema of every model (additive), logging each
/// model's diagnostics. A model whose database is unreachable is logged, not fatal: <c>/healthz</c> reports it.</summary>
internal sealed partial class ElementAppLoader(IServiceProvider services, ILogger<ElementAppLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ElementApp app;
        try
        {
            app = services.GetRequiredService<ElementApp>();
        }
        catch (ElementLoadException ex)
        {
            LogLoadFailed(logger, ex.Message);
            throw;
        }

        var results = await ModelSync.SyncAllAsync(app, cancellationToken);
        foreach (var result in results)
        {
            if (!result.Succeeded)
            {
                LogSyncFailed(logger, result.Model, result.ErrorCode ?? "", result.ErrorMessage ?? "");
                continue;
            }

            foreach (var diagnostic in result.Diagnostics)
            {
                LogSyncDiagnostic(logger, result.Model, diagnostic.Code, diagnostic.Message);
            }
        }

        LogSynced(logger, results.Count(r => r.Succeeded), results.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Critical, Message = "The element app did not load: {Diagnostics}")]
    private static partial void LogLoadFailed(ILogger logger, string diagnostics);

    [LoggerMessage(Level = LogLevel.Error, Message = "Schema sync of model {Model} failed: {Code} {Message}")]
    private static partial void LogSyncFailed(ILogger logger, string model, string code, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schema sync of model {Model}: {Code} {Message}")]
    private static partial void LogSyncDiagnostic(ILogger logger, string model, string code, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schema sync: {Synced} of {Total} models in sync")]
    private static partial void LogSynced(ILogger logger, int synced, int total);
}
