using Elements.Hosting;
using Elements.Scheduling.Configuration;
using Elements.Scheduling.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Elements.Scheduling.Engine;

/// <summary>Syncs the stored jobs with the app at start (before the host reports started), after every successful
/// reload, and refreshes calendars every <see cref="SchedulerOptions.CalendarRefresh"/>.</summary>
internal sealed class ScheduledJobSyncService(
    ElementApp app,
    ScheduledJobSynchronizer synchronizer,
    IOptions<SchedulerOptions> options,
    ILogger<ScheduledJobSyncService> logger) : IHostedService, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _refreshLoop = Task.CompletedTask;
    private Task _lastReloadSync = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        await synchronizer.SyncAsync(cancellationToken).ConfigureAwait(false);
        app.Reloaded += OnReloaded;
        _refreshLoop = RefreshCalendarsAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        app.Reloaded -= OnReloaded;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_refreshLoop, _lastReloadSync).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        app.Reloaded -= OnReloaded;
        _stopping.Dispose();
        return ValueTask.CompletedTask;
    }

    private void OnReloaded(object? sender, ElementsReloadedEventArgs e)
    {
        if (e.Succeeded && !_stopping.IsCancellationRequested)
        {
            // The watcher's thread raises the event; the sync runs beside it (it waits for any sync in progress).
            _lastReloadSync = SyncSafelyAsync(_stopping.Token);
        }
    }

    private async Task SyncSafelyAsync(CancellationToken ct)
    {
        try
        {
            await synchronizer.SyncAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            SchedulerLog.SyncFailed(logger, ex);
        }
    }

    private async Task RefreshCalendarsAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(options.Value.CalendarRefresh);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                await synchronizer.RefreshCalendarsAsync(ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}
