using System.Diagnostics;
using System.Text.Json.Nodes;
using Elements.Testing.Files;
using Elements.Testing.Postgres;
using Npgsql;
using Xunit.Abstractions;

namespace Elements.Scheduling.Tests;

/// <summary>
/// Two host processes (tests/Elements.SchedulerProbe: the real host, so the real scheduler) clustered on one PostgreSQL
/// database run a task every second for 60 s; one is killed with SIGKILL a third of the way through.
/// </summary>
[Collection("postgres")]
public sealed class TwoHostClusterTests(PostgresServer server, ITestOutputHelper output)
{
    private const int Count = 60;

    [Fact]
    public async Task Two_hosts_run_a_task_every_second_60_times_never_twice_for_one_fire_time_and_go_on_when_one_is_killed()
    {
        var connectionString = await server.CreateDatabaseAsync("cluster");
        await ExecuteAsync(connectionString, "CREATE TABLE probe_runs (fire_time timestamptz NOT NULL, node text NOT NULL, pid int NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())");
        using var folder = TempDirectory.Create("elements-cluster");
        var root = Path.Combine(folder.Path, "app");
        AppFiles.WriteManifest(root, "acme.Cluster", "Cluster");
        AppFiles.WriteElement(root, "databases.Default", """{"title": "Shared", "type": "databases.PostgresType"}""", "Default.json",
            """{"connectionString": "{{PG_CONN}}"}""");
        // Both hosts start (and create the tables, and sync the job) before the first fire time. 25 s was not always
        // enough while the other test projects load both cores: a trigger stored after its start time fires off the
        // whole seconds, which the schedule assertion below rightly refuses.
        var startAt = DateTimeOffset.UtcNow.AddSeconds(45);
        startAt = new DateTimeOffset(startAt.Ticks - startAt.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        AppFiles.WriteElement(root, "services.ProbeTick", """{"title": "Probe tick", "type": "services.NormalType"}""", "ProbeTick.json",
            new JsonObject { ["startAt"] = startAt.ToString("O"), ["count"] = Count }.ToJsonString());

        var hosts = new[] { StartProbe(root, connectionString), StartProbe(root, connectionString) };
        try
        {
            // A third of the way in, kill the host that ran the latest run (the one holding the schedule at that moment).
            await WaitUntilAsync(startAt.AddSeconds(20));
            var runner = await ScalarAsync<int>(connectionString, "SELECT pid FROM probe_runs ORDER BY fire_time DESC LIMIT 1");
            var victim = hosts.Single(h => h.Id == runner);
            var survivor = hosts.Single(h => h.Id != runner);
            var killedAt = DateTimeOffset.UtcNow;
            victim.Kill(); // SIGKILL on Unix: no shutdown, no check-out, its fired-trigger rows stay behind.
            await victim.WaitForExitAsync();
            Assert.False(survivor.HasExited, "the surviving host exited");

            // The last fire time plus the recovery time of a late fire.
            await WaitUntilAsync(startAt.AddSeconds(Count + 10));
            var rows = await QueryRunsAsync(connectionString);
            var fireTimes = rows.Select(r => r.FireTime).ToList();
            var distinct = fireTimes.Distinct().ToList();
            output.WriteLine($"{fireTimes.Count} runs for {distinct.Count} distinct fire times of {Count}; victim ran {rows.Count(r => r.Pid == victim.Id)}, " +
                $"survivor {rows.Count(r => r.Pid == survivor.Id)} ({rows.Count(r => r.Pid == survivor.Id && r.At > killedAt)} after the kill)");
            Assert.True(fireTimes.Count == distinct.Count,
                $"fire times run twice: {string.Join(", ", fireTimes.GroupBy(f => f).Where(g => g.Count() > 1).Select(g => $"{g.Key:HH:mm:ss} x{g.Count()}"))}");
            // Every run belongs to the schedule: start + k s, 0 <= k < Count.
            Assert.All(distinct, f => Assert.True(f >= startAt && f < startAt.AddSeconds(Count) && (f - startAt).Ticks % TimeSpan.TicksPerSecond == 0, $"{f:O}"));
            // 60 fire times; one may be lost: the run the killed host was executing at the moment of the kill (the job
            // does not ask for recovery, because a recovered run would repeat a fire time whose insert had committed).
            Assert.InRange(distinct.Count, Count - 1, Count);
            Assert.Contains(rows, r => r.Pid == survivor.Id && r.At > killedAt.AddSeconds(1));
            Assert.Contains(rows, r => r.Pid == victim.Id);
            Assert.Equal(startAt.AddSeconds(Count - 1), distinct.Max());
        }
        finally
        {
            foreach (var host in hosts.Where(h => !h.HasExited))
            {
                host.Kill(entireProcessTree: true);
                await host.WaitForExitAsync();
            }

            foreach (var host in hosts)
            {
                host.Dispose();
            }
        }
    }

    private static Process StartProbe(string appRoot, string connectionString)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = false, RedirectStandardError = false, UseShellExecute = false };
        start.ArgumentList.Add(ProbePath());
        start.ArgumentList.Add(appRoot);
        start.Environment["PG_CONN"] = connectionString;
        start.Environment["PROBE_PG"] = connectionString;
        // A dead node is found within about 2 s; a fire that late is still within the misfire threshold, so it runs
        // for its own fire time instead of being skipped.
        start.Environment["Elements__Scheduler__CheckinInterval"] = "00:00:01";
        start.Environment["Elements__Scheduler__MisfireThreshold"] = "00:00:20";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        return Process.Start(start) ?? throw new InvalidOperationException("could not start the scheduler probe");
    }

    private static async Task WaitUntilAsync(DateTimeOffset when)
    {
        var delay = when - DateTimeOffset.UtcNow;
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay);
        }
    }

    private static async Task<List<(DateTimeOffset FireTime, string Node, int Pid, DateTimeOffset At)>> QueryRunsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT fire_time, node, pid, at FROM probe_runs ORDER BY fire_time", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(DateTimeOffset, string, int, DateTimeOffset)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetFieldValue<DateTimeOffset>(0), reader.GetString(1), reader.GetInt32(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return rows;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    // Built by this project's reference (ReferenceOutputAssembly=false) into its own bin folder, same configuration.
    private static string ProbePath()
    {
        var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tests = baseDir.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(tests, "Elements.SchedulerProbe", "bin", baseDir.Parent.Name, baseDir.Name, "Elements.SchedulerProbe.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("build tests/Elements.SchedulerProbe first", path);
    }
}
