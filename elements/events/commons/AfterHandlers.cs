using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Elements.Std.Events;

/// <summary>
/// Synchronous handlers that run after a commit: in order, each isolated from the others and from the caller (a failure
/// is logged with the event's name and error code, and counted, never thrown: the change is committed).
/// </summary>
internal sealed class AfterHandlers(ElementApp app, string phase)
{
    private readonly List<(EventElement Event, JsonObject Payload)> _runs = [];

    public bool QueuedAsync { get; set; }

    public int Count => _runs.Count;

    public void Add(EventElement element, JsonObject payload) => _runs.Add((element, payload));

    public async Task RunAsync(CancellationToken ct)
    {
        if (QueuedAsync)
        {
            AsyncEventQueue.Signal(app);
        }

        if (_runs.Count == 0)
        {
            return;
        }

        var logger = app.Services.GetService<ILoggerFactory>()?.CreateLogger("Elements.Std.Events") ?? NullLogger.Instance;
        var metrics = app.Services.GetService<EventMetrics>();
        foreach (var (element, payload) in _runs)
        {
            try
            {
                await element.CallAsync(payload, ct).ConfigureAwait(false);
                metrics?.Record(element.Name, phase, true);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                EventLog.AfterHandlerFailed(logger, element.Name, ex is ElementException ee ? ee.Code : EventErrorCodes.HandlerFailed, ex);
                metrics?.Record(element.Name, phase, false);
            }
        }
    }
}
