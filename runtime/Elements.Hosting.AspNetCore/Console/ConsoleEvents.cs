using System.Text.Json.Nodes;
using Elements.Data.Outbox;
using Elements.Scheduling;
using Elements.Std.Events;

namespace Elements.Hosting.AspNetCore.Console;

/// <summary>The app's events for the console: each event element (sender, handler, sync or async, enabled, last
/// call) and the latest asynchronous runs from the outboxes, with their state and last error (never a payload).</summary>
internal sealed class ConsoleEvents(ElementApp app)
{
    public const int RecentRuns = 50;

    public async Task<JsonObject> ListAsync(CancellationToken cancellationToken)
    {
        var events = new JsonArray();
        foreach (var definition in SchedulableElements.Find<EventElement>(app))
        {
            var element = app.GetElement<EventElement>(definition.FullName);
            events.Add(new JsonObject
            {
                ["fullName"] = definition.FullName,
                ["title"] = element.Title,
                ["type"] = definition.Type,
                ["sender"] = element.Sender,
                ["funcType"] = element.FuncType.ToString(),
                ["func"] = element.Func,
                ["async"] = element.AsyncType,
                ["enabled"] = element.Enable == 1,
                ["lastCalledAt"] = element.CallTime is { } at ? ConsoleHealth.Iso(at) : null,
            });
        }

        var runs = new List<OutboxEntry>();
        foreach (var database in EventOutboxDispatcher.OutboxDatabases(app))
        {
            runs.AddRange(await new EventOutbox(database).RecentAsync(RecentRuns, cancellationToken));
        }

        return new JsonObject
        {
            ["events"] = events,
            ["runs"] = new JsonArray([.. runs.OrderByDescending(r => r.CreatedAt).Take(RecentRuns).Select(r => (JsonNode)new JsonObject
            {
                ["id"] = r.Id,
                ["event"] = r.EventName,
                ["status"] = r.Status,
                ["attempts"] = r.Attempts,
                ["createdAt"] = ConsoleHealth.Iso(r.CreatedAt),
                ["nextAttemptAt"] = ConsoleHealth.Iso(r.NextAttemptAt),
                ["errorCode"] = r.ErrorCode,
                ["message"] = r.ErrorMessage,
            })]),
        };
    }
}
