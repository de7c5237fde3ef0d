namespace Elements.Scheduling.Recurring;

/// <summary>The signal of a process without a scheduler (the CLI, scripts): requests are dropped, the work stays stored
/// and the next scheduler to run picks it up at its interval.</summary>
public sealed class NoopRecurringWorkSignal : IRecurringWorkSignal
{
    public static readonly NoopRecurringWorkSignal Instance = new();

    private NoopRecurringWorkSignal()
    {
    }

    public void RequestRun(string workName)
    {
    }
}
