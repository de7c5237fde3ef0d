using System.Text.Json.Nodes;
using Elements.Data.Outbox;
using Elements.Data.Storage;
using Elements.Scheduling;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Std.Events;

/// <summary>
/// Queues asynchronous event runs in the outbox of a database, in the flow's transaction. The stored envelope is
/// <c>{eventId, payload, chain}</c>: a model event's payload also gets the <c>eventId</c> (unique per run, stable across
/// its retries, for idempotent handlers; a custom event's payload is passed as published) and the chain is <see cref="EventChain.Current"/>, so cycles through the outbox stay bounded.
/// </summary>
internal static class AsyncEventQueue
{
    public const string WorkName = "events.outbox";

    public static async Task EnqueueAsync(ElementApp app, Database database, EventElement element, JsonNode? payload, CancellationToken ct)
    {
        var eventId = Guid.NewGuid().ToString("N");
        if (element is ModelEventElement && payload is JsonObject row)
        {
            row["eventId"] = eventId;
        }

        var envelope = new JsonObject
        {
            ["eventId"] = eventId,
            ["payload"] = payload,
            ["chain"] = new JsonArray([.. EventChain.Current.Select(c => (JsonNode)c)]),
        };
        var now = (app.Services.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
        await new EventOutbox(database).EnqueueAsync(element.Name, envelope.ToJsonString(), now, ct).ConfigureAwait(false);
    }

    /// <summary>Asks the scheduler for a dispatcher run now (nothing happens without a scheduler: the rows wait).</summary>
    public static void Signal(ElementApp app) => app.Services.GetService<IRecurringWorkSignal>()?.RequestRun(WorkName);
}
