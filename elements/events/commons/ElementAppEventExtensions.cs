using System.Text.Json.Nodes;
using Elements.Data.Outbox;
using Elements.Std.Databases;
using Elements.Std.Models;

namespace Elements.Std.Events;

/// <summary>Publishing custom events (JitAi's <c>app.event.publish(sender=..., args=...)</c>).</summary>
public static class ElementAppEventExtensions
{
    /// <summary>
    /// Publishes the custom event <paramref name="sender"/> (<c>services.MyService.EventName</c>) to its enabled
    /// <c>events.NormalType</c> subscribers, in full-name order. Synchronous subscribers run now, in the caller's flow,
    /// and an <see cref="ElementException"/> of one propagates to the publisher (the later ones do not run), as a
    /// function call would; asynchronous ones are queued in the outbox of the app's default database, inside the
    /// caller's transaction on it when there is one (so they run only if it commits). Returns how many subscribers
    /// ran or were queued.
    /// </summary>
    public static async Task<int> TriggerEventAsync(this ElementApp app, string sender, JsonNode? payload = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentException.ThrowIfNullOrWhiteSpace(sender);
        if (!EventCatalog.For(app).Current.CustomEvents.TryGetValue(sender, out var subscribers))
        {
            return 0;
        }

        var queued = false;
        foreach (var subscriber in subscribers)
        {
            if (!subscriber.AsyncType)
            {
                await subscriber.CallAsync(payload?.DeepClone(), cancellationToken).ConfigureAwait(false);
                continue;
            }

            var database = app.GetElement<DatabaseElement>(ModelElement.ResolveDefaultDatabase(app)).Database;
            if (!database.InTransaction)
            {
                await new EventOutbox(database).EnsureTableAsync(cancellationToken).ConfigureAwait(false);
            }

            await AsyncEventQueue.EnqueueAsync(app, database, subscriber, payload?.DeepClone(), cancellationToken).ConfigureAwait(false);
            if (!queued && !database.TryAddAfterCommit(() => { AsyncEventQueue.Signal(app); return Task.CompletedTask; }))
            {
                AsyncEventQueue.Signal(app);
            }

            queued = true;
        }

        return subscribers.Count;
    }
}
