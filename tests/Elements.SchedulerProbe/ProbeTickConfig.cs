namespace Elements.SchedulerProbe;

public sealed class ProbeTickConfig
{
    public DateTimeOffset StartAt { get; set; }

    public int Count { get; set; } = 60;
}
