using Microsoft.Extensions.FileProviders;

namespace Elements.Hosting.AspNetCore.Startup;

/// <summary>
/// Owns the polling file providers that <see cref="ElementsWebApplication"/> gives the settings files, so their
/// polling timers stop with the host. A hosted service because the container disposes the ones it created, and every
/// hosted service is created when the host starts.
/// </summary>
internal sealed class PolledSettingsFiles(IReadOnlyList<PhysicalFileProvider> providers) : IHostedService, IDisposable
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        foreach (var provider in providers)
        {
            provider.Dispose();
        }
    }
}
