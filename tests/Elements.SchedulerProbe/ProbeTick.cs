using Elements.Activation;
using Elements.Scheduling;
using Npgsql;
using Quartz;

namespace Elements.SchedulerProbe;

/// <summary><c>services.ProbeTick</c>: fires every second from <c>startAt</c>, <c>count</c> times, and records each run.</summary>
[ElementType("services.ProbeTick", ConfigType = typeof(ProbeTickConfig))]
public sealed class ProbeTick(ElementContext context, ProbeTickConfig config) : IScheduledElement
{
    public string FullName => context.FullName;

    public string Fingerprint => $"{config.StartAt:O}/{config.Count}";

    public bool Enabled => true;

    public IReadOnlyList<ITrigger> BuildTriggers(JobKey job) =>
    [
        TriggerBuilder.Create()
            .WithIdentity(job.Name, job.Group)
            .ForJob(job)
            .StartAt(config.StartAt)
            // A fire late by less than the misfire threshold (a node's death, recovered within seconds) still runs
            // for its own fire time; the repeat count keeps the total fixed.
            .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(1)).WithRepeatCount(config.Count - 1)
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build(),
    ];

    public async Task RunAsync(ScheduledRun run, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("PROBE_PG"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("INSERT INTO probe_runs (fire_time, node, pid) VALUES (@f, @n, @p)", connection);
        command.Parameters.AddWithValue("f", run.ScheduledFireTime);
        command.Parameters.AddWithValue("n", run.Node);
        command.Parameters.AddWithValue("p", Environment.ProcessId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
