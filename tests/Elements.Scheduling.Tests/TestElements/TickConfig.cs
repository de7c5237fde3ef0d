namespace Elements.Scheduling.Tests.TestElements;

public sealed class TickConfig
{
    public string ProbeId { get; set; } = "";

    public int IntervalMs { get; set; } = 1000;

    public bool Enable { get; set; } = true;

    public string? Calendar { get; set; }
}
