using System.Globalization;
using Elements.Scheduling.Configuration;
using Elements.Scheduling.Tests.Support;
using Elements.Testing.Files;
using Elements.Testing.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Scheduling.Tests;

/// <summary>
/// Issue #17, misfires: a <c>tasks.NormalType</c> task due while no host ran follows its <c>misfire</c> policy when a
/// host starts again on the same database: <c>runOnce</c> runs it once at start-up, <c>skip</c> drops it. The task is
/// a one-off (<c>repeatType normal</c>) calling <c>models.Note.query</c>; its runs are read from the history table.
/// </summary>
public sealed class TaskMisfireTests
{
    private static readonly TimeSpan MisfireThreshold = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData("runOnce", 1)]
    [InlineData("skip", 0)]
    public async Task A_run_missed_while_the_host_was_down_follows_the_tasks_misfire_policy(string misfire, int expectedRuns)
    {
        await using var app = SchedulerApp.Create();
        // Far enough ahead that the first host has started and stopped before it (a loaded CI machine starts slowly).
        var due = DateTimeOffset.UtcNow.AddSeconds(10);
        AppFiles.WriteElement(app.Root, "models.Note", """{"title": "Note", "type": "models.NormalType", "fields": [{"name": "text", "dataType": "Stext"}]}""");
        AppFiles.WriteElement(app.Root, "tasks.Once", $$$"""
            {"title": "Once", "type": "tasks.NormalType", "funcType": "Global", "taskFunc": "models.Note.query", "timeZone": "UTC",
             "timerCfg": {"startTime": "{{{due.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}}}", "repeat": {"repeatType": "normal"}},
             "misfire": "{{{misfire}}}"}
            """);

        // The first host stores the trigger and stops before it is due; the next one starts after it was due.
        await app.StartAsync(ShortMisfireThreshold);
        await app.StopAsync();
        Assert.True(DateTimeOffset.UtcNow < due, "the first host took so long to start and stop that the task became due while it ran");
        await Task.Delay(due - DateTimeOffset.UtcNow + MisfireThreshold + TimeSpan.FromSeconds(1));
        await app.StartAsync(ShortMisfireThreshold);
        await Task.Delay(TimeSpan.FromSeconds(4));

        var runs = await RunsAsync(app.Root);
        Assert.Equal(expectedRuns, runs.Count);
        Assert.All(runs, run => Assert.Equal(("success", due.ToUnixTimeSeconds()), (run.Outcome, run.Scheduled.ToUnixTimeSeconds())));
    }

    private static void ShortMisfireThreshold(IServiceCollection services) =>
        services.PostConfigure<SchedulerOptions>(o => o.MisfireThreshold = MisfireThreshold);

    private static Task<List<(string Outcome, DateTimeOffset Scheduled)>> RunsAsync(string root) =>
        SqliteFile.QueryAsync(Path.Combine(root, "appData", "app.db"), "SELECT outcome, scheduledTime FROM tasks_history WHERE taskName = 'tasks.Once'",
            r => (r.GetString(0), DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture)));
}
