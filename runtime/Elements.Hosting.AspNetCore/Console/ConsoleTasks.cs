using System.Text.Json.Nodes;
using Elements.Data.Filters;
using Elements.Std.Models;
using Elements.Std.Tasks;

namespace Elements.Hosting.AspNetCore.Console;

/// <summary>The app's scheduled tasks for the console: whether each is enabled, its next five runs and its last
/// twenty runs from <c>tasks.models.TaskHistoryModel</c>.</summary>
internal sealed class ConsoleTasks(ElementApp app, TimeProvider time)
{
    public const int NextRuns = 5;
    public const int HistoryRows = 20;

    public async Task<JsonObject> ListAsync(CancellationToken cancellationToken)
    {
        var tasks = new JsonArray();
        var history = app.TryGetElementDefine(TaskElement.HistoryModel, out _)
            ? await app.GetElement<ModelElement>(TaskElement.HistoryModel).OpenStoreAsync(cancellationToken)
            : null;
        foreach (var definition in ScheduledTasks.Find(app))
        {
            var task = app.GetElement<TaskElement>(definition.FullName);
            var next = task.Enabled ? await task.GetNextRunTimesAsync(NextRuns, time.GetUtcNow(), cancellationToken) : [];
            var runs = history is null ? new JsonArray() : (await history.QueryAsync(Q.Eq("taskName", definition.FullName), null,
                [OrderBy.Desc("id")], 1, HistoryRows, cancellationToken)).RowDatas;
            tasks.Add(new JsonObject
            {
                ["fullName"] = definition.FullName,
                ["title"] = definition.Title,
                ["enabled"] = task.Enabled,
                ["schedule"] = task.Schedule.Summary,
                ["nextRuns"] = new JsonArray([.. next.Select(n => (JsonNode)JsonValue.Create(ConsoleHealth.Iso(n)))]),
                ["history"] = new JsonArray([.. runs.OfType<JsonObject>().Select(r => (JsonNode)new JsonObject
                {
                    ["scheduledAt"] = r["scheduledTime"]?.DeepClone(),
                    ["startedAt"] = r["startTime"]?.DeepClone(),
                    ["endedAt"] = r["endTime"]?.DeepClone(),
                    ["outcome"] = r["outcome"]?.DeepClone(),
                    ["errorCode"] = r["errorCode"]?.DeepClone(),
                    ["message"] = r["errorMessage"]?.DeepClone(),
                    ["manual"] = r["manual"]?.DeepClone(),
                })]),
            });
        }

        return new JsonObject { ["tasks"] = tasks };
    }
}
