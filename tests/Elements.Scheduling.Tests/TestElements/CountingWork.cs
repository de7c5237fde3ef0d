namespace Elements.Scheduling.Tests.TestElements;

/// <summary>A recurring work with a long interval, so that a run within seconds can only come from a run request.</summary>
public sealed class CountingWork(string name, TimeSpan interval) : IRecurringWork
{
    private int _runs;

    public string Name => name;

    public TimeSpan Interval => interval;

    public int Runs => Volatile.Read(ref _runs);

    public Task RunAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _runs);
        return Task.CompletedTask;
    }
}
