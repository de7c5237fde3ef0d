using System.Collections.Concurrent;
using Elements.Activation;
using Quartz;

namespace Elements.Scheduling.Tests.TestElements;

/// <summary><c>services.TickType</c>: each instance fires every <c>intervalMs</c> (optionally only outside a calendar) and records
/// its runs under its <c>probeId</c> in <see cref="Runs"/>.</summary>
[ElementType("services.TickType", ConfigType = typeof(TickConfig))]
public sealed class Tick(ElementContext context, TickConfig config) : IScheduledElement
{
    public static ConcurrentDictionary<string, ConcurrentQueue<ScheduledRun>> Runs { get; } = new();

    public string FullName => context.FullName;

    public string Fingerprint => $"{config.IntervalMs}/{config.Calendar}";

    public bool Enabled => config.Enable;

    public IReadOnlyList<ITrigger> BuildTriggers(JobKey job)
    {
        var builder = TriggerBuilder.Create()
            .WithIdentity($"{job.Name}.every{config.IntervalMs}", job.Group)
            .ForJob(job)
            .StartNow()
            .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMilliseconds(config.IntervalMs)).RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount));
        if (config.Calendar is { } calendar)
        {
            builder = builder.WithCalendarName(calendar);
        }

        return [builder.Build()];
    }

    public Task RunAsync(ScheduledRun run, CancellationToken cancellationToken)
    {
        Runs.GetOrAdd(config.ProbeId, _ => new ConcurrentQueue<ScheduledRun>()).Enqueue(run);
        return Task.CompletedTask;
    }
}
