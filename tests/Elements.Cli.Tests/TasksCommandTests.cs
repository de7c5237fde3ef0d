using System.Globalization;
using System.Text.Json.Nodes;
using Elements.Cli.Tests.Support;

namespace Elements.Cli.Tests;

/// <summary>
/// <c>elements tasks</c> and <c>elements tasks run</c> on a temp app whose Inner task and service are C# compiled at load:
/// the list with next run times, a manual run recorded in the task history, a failure's exit code, an unknown name.
/// </summary>
public sealed class TasksCommandTests : IDisposable
{
    private readonly TempApp _app = TempApp.Create("test.Tasks");

    public TasksCommandTests()
    {
        _app.Write("services/Sync/e.json", """
            { "title": "Sync", "type": "services.NormalType", "functionList": [
              { "name": "run", "args": [], "returnType": "JitDict" }, { "name": "fail", "args": [], "returnType": "JitDict" } ] }
            """);
        _app.Write("services/Sync/Sync.cs", $$"""
            // {{Guid.NewGuid()}}
            using System;
            using System.Text.Json.Nodes;
            using Elements;
            using Elements.Activation;
            namespace Demo;
            [ElementType("services.Sync")]
            public sealed class Sync
            {
                public JsonObject Run() => new() { ["synced"] = 2 };
                public JsonObject Fail() => throw new ElementException("SYNC_DOWN", "the upstream is down");
            }
            """);
        _app.Write("tasks/Nightly/e.json", """
            { "type": "tasks.NormalType", "funcType": "Inner", "title": "Nightly report",
              "timerCfg": { "startTime": "2024-01-01 02:00:00", "repeat": { "repeatType": "day", "period": 1 } }, "enable": 1, "backendBundleEntry": "." }
            """);
        _app.Write("tasks/Nightly/Nightly.cs", $$"""
            // {{Guid.NewGuid()}}
            using Elements.Activation;
            using Elements.Std.Tasks;
            using System;
            namespace Demo;
            [ElementType("tasks.Nightly")]
            public sealed class Nightly(ElementContext context, IServiceProvider services) : TaskElement(context, services)
            {
                public object CustomFunc() => new { status = "success", processedCount = 7 };
            }
            """);
        _app.Write("tasks/Hourly/e.json", """
            { "type": "tasks.NormalType", "funcType": "Global", "taskFunc": "services.Sync.run", "title": "Hourly sync", "timeZone": "Europe/Berlin",
              "timerCfg": { "startTime": "2024-01-01 00:15:00", "repeat": { "repeatType": "hour", "period": 1 } } }
            """);
        _app.Write("tasks/Broken/e.json", """
            { "type": "tasks.NormalType", "funcType": "Global", "taskFunc": "services.Sync.fail", "title": "Broken sync", "enable": 0,
              "cron": "0 0 12 ? * MON" }
            """);
    }

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Tasks_lists_every_task_with_its_next_five_run_times()
    {
        var (exit, stdout, stderr) = await CliRunner.Run("tasks", "--app", _app.Root, "--json");

        Assert.True(exit == 0, stderr);
        var tasks = JsonNode.Parse(stdout)!.AsArray().ToDictionary(t => (string)t!["name"]!, t => t!.AsObject());
        Assert.Equal(["tasks.Broken", "tasks.Hourly", "tasks.Nightly"], tasks.Keys.Order());
        Assert.False((bool)tasks["tasks.Broken"]["enabled"]!);
        Assert.Equal("Asia/Shanghai", (string?)tasks["tasks.Nightly"]["timeZone"]);
        Assert.Equal("Europe/Berlin", (string?)tasks["tasks.Hourly"]["timeZone"]);
        var nightly = tasks["tasks.Nightly"]["nextRunTimes"]!.AsArray().Select(t => DateTime.ParseExact((string)t!, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(5, nightly.Count);
        Assert.All(nightly, t => Assert.Equal(new TimeOnly(2, 0), TimeOnly.FromDateTime(t)));
        Assert.All(nightly.Zip(nightly.Skip(1)), p => Assert.Equal(TimeSpan.FromDays(1), p.Second - p.First));
        Assert.True(nightly[0] > DateTime.UtcNow.AddDays(-1));
        Assert.All(tasks["tasks.Broken"]["nextRunTimes"]!.AsArray(), t => Assert.Equal(DayOfWeek.Monday,
            DateTime.ParseExact((string)t!, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture).DayOfWeek));

        var (tableExit, table, _) = await CliRunner.Run("tasks", "--app", _app.Root);
        Assert.Equal(0, tableExit);
        Assert.Contains("Nightly report", table, StringComparison.Ordinal);
        Assert.Contains("3 task(s)", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tasks_run_runs_one_now_and_records_it_as_manual()
    {
        var (exit, stdout, stderr) = await CliRunner.Run("tasks", "run", "tasks.Nightly", "--app", _app.Root);

        Assert.True(exit == 0, stderr);
        Assert.Contains("tasks.Nightly: success", stdout, StringComparison.Ordinal);
        var (_, history, _) = await CliRunner.Run("invoke", "tasks.models.TaskHistoryModel", "query", "--app", _app.Root);
        var row = Assert.Single(JsonNode.Parse(history)!["rowDatas"]!.AsArray())!;
        Assert.Equal("tasks.Nightly", (string?)row["taskName"]);
        Assert.True((bool)row["manual"]!);
        Assert.Equal(7, (int)JsonNode.Parse((string)row["result"]!)!["processedCount"]!);
    }

    [Fact]
    public async Task A_failed_run_exits_1_with_its_code_and_an_unknown_name_gets_a_suggestion()
    {
        var (exit, stdout, _) = await CliRunner.Run("tasks", "run", "tasks.Broken", "--app", _app.Root);
        var (unknownExit, _, stderr) = await CliRunner.Run("tasks", "run", "tasks.Nightyl", "--app", _app.Root);

        Assert.Equal(1, exit);
        Assert.Contains("fail (SYNC_DOWN: the upstream is down)", stdout, StringComparison.Ordinal);
        Assert.Equal(1, unknownExit);
        Assert.Contains("TASK_UNKNOWN", stderr, StringComparison.Ordinal);
        Assert.Contains("did you mean 'tasks.Nightly'", stderr, StringComparison.Ordinal);
    }
}
