using Elements.Diagnostics;

namespace Elements.Host.Startup;

/// <summary>Loads the element app while the host starts, so a broken app stops the start with every diagnostic in
/// the log instead of failing the first request.</summary>
internal sealed partial class ElementAppLoader(IServiceProvider services, ILogger<ElementAppLoader> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            services.GetRequiredService<ElementApp>();
        }
        catch (ElementLoadException ex)
        {
            LogLoadFailed(logger, ex.Message);
            throw;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Critical, Message = "The element app did not load: {Diagnostics}")]
    private static partial void LogLoadFailed(ILogger logger, string diagnostics);
}
