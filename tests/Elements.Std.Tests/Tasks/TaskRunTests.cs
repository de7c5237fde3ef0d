using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Nodes;
using Elements.Data.Filters;
using Elements.Scheduling;
using Elements.Std.Models;
using Elements.Std.Tasks;
using Elements.Std.Tests.Support;

namespace Elements.Std.Tests.Tasks;

/// <summary>
/// Runs of Inner and Global tasks on a real SQLite database: success and failure recorded in
/// tasks.models.TaskHistoryModel, misfire: skip, skipHoliday with rows of tasks.models.HolidayModel, getNextRunTime.
/// </summary>
[Collection(nameof(TaskRunTests))]
public sealed class TaskRunTests : IDisposable
{
    private const string Daily = "\"timerCfg\": {\"startTime\": \"2024-01-01 09:00:00\", \"repeat\": {\"repeatType\": \"day\", \"period\": 1}}";

    private readonly AppFolder _folder = AppFolder.Create();
    private readonly ElementApp _app;

    public TaskRunTests()
    {
        _folder.WriteElement("services.SyncSvc", """
            {"title": "Sync", "type": "services.NormalType", "functionList": [
              {"name": "syncUserData", "args": [], "returnType": "JitDict"}, {"name": "broken", "args": [], "returnType": "JitDict"}]}
            """);
        _folder.WriteElement("tasks.Report", $$"""{"title": "Daily report", "type": "tasks.NormalType", "funcType": "Inner", {{Daily}}, "enable": 1}""");
        _folder.WriteElement("tasks.FailingReport", $$"""{"title": "Failing report", "type": "tasks.NormalType", {{Daily}}}""");
        _folder.WriteElement("tasks.Sync", $$"""{"title": "Sync", "type": "tasks.NormalType", "funcType": "Global", "taskFunc": "services.SyncSvc.syncUserData", {{Daily}}}""");
        _folder.WriteElement("tasks.Broken", $$"""{"title": "Broken", "type": "tasks.NormalType", "funcType": "Global", "taskFunc": "services.SyncSvc.broken", {{Daily}}}""");
        _folder.WriteElement("tasks.Lenient", $$"""{"title": "Skips misfires", "type": "tasks.NormalType", "funcType": "Global", "taskFunc": "services.SyncSvc.syncUserData", "misfire": "skip", {{Daily}}}""");
        _folder.WriteElement("tasks.Workdays", """
            {"title": "Workdays", "type": "tasks.NormalType", "funcType": "Global", "taskFunc": "services.SyncSvc.syncUserData",
             "timerCfg": {"startTime": "2024-01-01 09:00:00", "repeat": {"repeatType": "day", "period": 1}, "skipHoliday": 1}}
            """);
        _app = ElementApp.Load(_folder.Path, b => b.AddStdElements().AddElementTypesFrom(typeof(InnerReportTask).Assembly));
    }

    public void Dispose()
    {
        _app.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task An_inner_task_runs_its_CustomFunc_and_records_success_with_the_result()
    {
        var before = InnerReportTask.Runs;
        var task = _app.GetElement<TaskElement>("tasks.Report");
        var due = new DateTimeOffset(2024, 1, 2, 1, 0, 0, TimeSpan.Zero);

        await task.RunAsync(new ScheduledRun(due, due.AddSeconds(2), "node-a", Manual: false), CancellationToken.None);

        Assert.Equal(before + 1, InnerReportTask.Runs);
        var row = Assert.Single(await HistoryAsync("tasks.Report"));
        Assert.Equal("success", (string?)row["outcome"]);
        Assert.Equal("node-a", (string?)row["node"]);
        Assert.False((bool)row["manual"]!);
        Assert.Equal(due, DateTimeOffset.Parse((string)row["scheduledTime"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(3, (int)JsonNode.Parse((string)row["result"]!)!["processedCount"]!);
        Assert.Null(row["errorCode"]);
    }

    [Fact]
    public async Task A_failing_inner_task_is_recorded_with_its_code_and_never_throws()
    {
        var task = _app.GetElement<TaskElement>("tasks.FailingReport");
        var now = DateTimeOffset.UtcNow;

        await task.RunAsync(new ScheduledRun(now, now, "node-a", Manual: true), CancellationToken.None);

        var row = Assert.Single(await HistoryAsync("tasks.FailingReport"));
        Assert.Equal("fail", (string?)row["outcome"]);
        Assert.Equal("REPORT_SOURCE_DOWN", (string?)row["errorCode"]);
        Assert.Equal("the report source did not answer", (string?)row["errorMessage"]);
        Assert.True((bool)row["manual"]!);
    }

    [Fact]
    public async Task A_global_task_calls_its_function_and_a_failure_is_recorded_without_the_exception_message()
    {
        var before = SyncServiceElement.Synced;
        var now = DateTimeOffset.UtcNow;

        var ok = await _app.GetElement<TaskElement>("tasks.Sync").ExecuteAsync(new ScheduledRun(now, now, "node-b", false));
        var failed = await _app.GetElement<TaskElement>("tasks.Broken").ExecuteAsync(new ScheduledRun(now, now, "node-b", false));

        Assert.Equal("success", (string?)ok["outcome"]);
        Assert.Equal(before + 1, (int)JsonNode.Parse((string)ok["result"]!)!["synced"]!);
        var row = Assert.Single(await HistoryAsync("tasks.Broken"));
        Assert.Equal("fail", (string?)row["outcome"]);
        Assert.Equal(TaskErrorCodes.Failed, (string?)row["errorCode"]);
        Assert.DoesNotContain("s3cr3t", (string?)row["errorMessage"], StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException", (string?)row["errorMessage"], StringComparison.Ordinal);
        Assert.Equal((string?)failed["outcome"], (string?)row["outcome"]);
    }

    [Fact]
    public async Task Misfire_skip_records_a_late_fire_as_skipped_without_running_it()
    {
        var before = SyncServiceElement.Synced;
        var due = DateTimeOffset.UtcNow.AddMinutes(-10);

        var late = await _app.GetElement<TaskElement>("tasks.Lenient").ExecuteAsync(new ScheduledRun(due, due.AddMinutes(10), "node-c", false));
        var onTime = await _app.GetElement<TaskElement>("tasks.Lenient").ExecuteAsync(new ScheduledRun(due, due.AddSeconds(1), "node-c", false));

        Assert.Equal("skipped", (string?)late["outcome"]);
        Assert.Equal("success", (string?)onTime["outcome"]);
        Assert.Equal(before + 1, SyncServiceElement.Synced);
        Assert.Equal(2, (await HistoryAsync("tasks.Lenient")).Count);
    }

    [Fact]
    public async Task Skip_holiday_leaves_out_the_days_of_the_holiday_model()
    {
        await _app.InvokeAsync("tasks.models.HolidayModel", "create", new JsonObject { ["rowData"] = new JsonObject { ["date"] = "2024-01-02", ["title"] = "Bridge day" } });
        await _app.InvokeAsync("tasks.models.HolidayModel", "create", new JsonObject { ["rowData"] = new JsonObject { ["date"] = "2024-01-04", ["title"] = "Founders' day" } });
        var task = _app.GetElement<TaskElement>("tasks.Workdays");
        var start = task.Schedule.StartTime!.Value.AddSeconds(-1);

        var withHolidays = await task.GetNextRunTimesAsync(4, start);
        var plain = await _app.GetElement<TaskElement>("tasks.Sync").GetNextRunTimesAsync(4, start);

        Assert.Equal(["2024-01-01", "2024-01-03", "2024-01-05", "2024-01-06"], withHolidays.Select(t => t.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(4, plain.Count);
        Assert.Contains(plain, t => t.Day == 2);
        var source = Assert.IsAssignableFrom<IScheduleCalendarSource>(_app.GetElement("tasks.models.HolidayModel"));
        Assert.Equal(TaskSchedule.HolidayCalendarName, source.CalendarName);
        Assert.Equal(TaskSchedule.HolidayCalendarName, Assert.Single(task.BuildTriggers(new Quartz.JobKey("tasks.Workdays"))).CalendarName);
    }

    [Fact]
    public async Task GetNextRunTime_answers_in_the_tasks_zone_as_JitAi_writes_times()
    {
        var next = await _app.InvokeAsync("tasks.Sync", "getNextRunTime", new JsonObject { ["now"] = "2024-01-01 10:00:00" });

        Assert.Equal("2024-01-02 09:00:00", (string?)next);
    }

    private async Task<IReadOnlyList<JsonObject>> HistoryAsync(string task)
    {
        var store = await _app.GetElement<ModelElement>(TaskElement.HistoryModel).OpenStoreAsync();
        var rows = await store.QueryAsync(Q.Eq("taskName", task));
        return [.. rows.RowDatas.Select(r => r!.AsObject())];
    }
}
