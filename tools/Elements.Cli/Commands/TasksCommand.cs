using System.CommandLine;
using System.Text.Json.Nodes;
using Elements.Scheduling;
using Elements.Std.Tasks;
using Quartz;
using Spectre.Console;

namespace Elements.Cli.Commands;

/// <summary>
/// <c>elements tasks --app DIR [--count N] [--json]</c>: every scheduled task (name, title, enabled, schedule, time zone)
/// with its next run times, asked of the very triggers the scheduler fires (holidays left out);
/// <c>elements tasks run NAME --app DIR [--json]</c>: runs one now, records it in the task history (manual) and prints
/// the outcome (exit code 1 when it failed). Neither starts the scheduler.
/// </summary>
internal static class TasksCommand
{
    public static Command Create(AppLoader loader, TextWriter stdout, TextWriter stderr)
    {
        var app = new AppOptions();
        var json = CliOptions.Json();
        var count = new Option<int>("--count") { Description = "How many next run times to show per task.", DefaultValueFactory = _ => 5 };
        var command = new Command("tasks", "List the scheduled tasks with their next run times (the scheduler is not started).") { app, count, json, CreateRun(loader, stdout, stderr) };
        command.SetAction((parse, cancellationToken) => CliOutput.GuardAsync(stderr, async () =>
        {
            using var loaded = app.Load(loader, parse);
            var now = DateTimeOffset.UtcNow;
            var rows = new List<JsonObject>();
            ICalendar? holidays = null;
            var failed = false;
            foreach (var definition in ScheduledTasks.Find(loaded))
            {
                var row = new JsonObject { ["name"] = definition.FullName, ["title"] = definition.Title };
                try
                {
                    var task = loaded.GetElement<TaskElement>(definition.FullName);
                    if (task.Schedule.SkipHoliday && holidays is null && loaded.TryGetElement(TaskElement.HolidayModel, out var model) && model is IScheduleCalendarSource source)
                    {
                        holidays = await source.BuildCalendarAsync(cancellationToken);
                    }

                    row["enabled"] = task.Enabled;
                    row["schedule"] = task.Schedule.Summary;
                    row["timeZone"] = task.Schedule.TimeZone.Id;
                    row["funcType"] = task.Config.FuncType;
                    row["nextRunTimes"] = new JsonArray([.. task.GetNextRunTimes(parse.GetValue(count), now, holidays)
                        .Select(t => (JsonNode)JsonValue.Create(task.Schedule.Format(t)))]);
                }
                catch (ElementException ex)
                {
                    failed = true;
                    row["error"] = new JsonObject { ["code"] = ex.Code, ["message"] = ex.Message };
                }

                rows.Add(row);
            }

            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(stdout, new JsonArray([.. rows]));
            }
            else
            {
                WriteTable(stdout, rows);
            }

            return failed ? 1 : 0;
        }));
        return command;
    }

    private static Command CreateRun(AppLoader loader, TextWriter stdout, TextWriter stderr)
    {
        var app = new AppOptions();
        var json = CliOptions.Json();
        var name = new Argument<string>("NAME") { Description = "The task's full name, e.g. tasks.NightlySync." };
        var command = new Command("run", "Run one task now and record it in the task history (the scheduler is not started).") { name, app, json };
        command.SetAction((parse, cancellationToken) => CliOutput.GuardAsync(stderr, async () =>
        {
            using var loaded = app.Load(loader, parse);
            var taskName = parse.GetValue(name)!;
            var tasks = ScheduledTasks.Find(loaded).Select(d => d.FullName).ToList();
            if (!tasks.Contains(taskName, StringComparer.Ordinal))
            {
                var suggestions = ScheduledTasks.Suggest(taskName, tasks);
                throw new ElementException(TaskErrorCodes.Unknown, $"'{taskName}' is not a task"
                    + (suggestions.Count > 0 ? $"; did you mean {string.Join(", ", suggestions.Select(s => $"'{s}'"))}?" : "")
                    + (tasks.Count > 0 ? $" (tasks: {string.Join(", ", tasks)})" : " (the app has no tasks)"));
            }

            var task = loaded.GetElement<TaskElement>(taskName);
            var now = DateTimeOffset.UtcNow;
            var row = await task.ExecuteAsync(new ScheduledRun(now, now, "cli:" + Environment.MachineName, Manual: true), cancellationToken);
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(stdout, row);
            }
            else
            {
                var outcome = (string?)row["outcome"];
                stdout.WriteLine($"{taskName}: {outcome}" + (row["errorCode"] is { } code ? $" ({code}: {row["errorMessage"]})" : "")
                    + (row["result"] is { } result ? $" -> {result}" : ""));
            }

            return (string?)row["outcome"] == TaskOutcomes.Success ? 0 : 1;
        }));
        return command;
    }

    private static void WriteTable(TextWriter stdout, List<JsonObject> rows)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumns("Task", "Title", "Enabled", "Schedule", "Time zone", "Next runs");
        foreach (var row in rows)
        {
            var next = row["error"] is JsonObject error
                ? $"{error["code"]}: {error["message"]}"
                : string.Join("\n", row["nextRunTimes"]!.AsArray().Select(t => (string?)t));
            table.AddRow(new Text((string)row["name"]!), new Text((string?)row["title"] ?? ""), new Text(row["enabled"] is { } e ? ((bool)e ? "yes" : "no") : "?"),
                new Text((string?)row["schedule"] ?? ""), new Text((string?)row["timeZone"] ?? ""), new Text(next.Length == 0 ? "(never again)" : next));
        }

        CliOutput.Console(stdout).Write(table);
        stdout.WriteLine($"{rows.Count} task(s)");
    }
}
