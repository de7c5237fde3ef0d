namespace Elements.Scheduling;

/// <summary>
/// Background work the scheduler runs every <see cref="Interval"/> on one node of the cluster at a time (registered in
/// the container, e.g. the async event outbox's dispatcher), and at once when someone calls
/// <see cref="IRecurringWorkSignal.RequestRun"/> with its <see cref="Name"/>.
/// </summary>
public interface IRecurringWork
{
    string Name { get; }

    TimeSpan Interval { get; }

    Task RunAsync(CancellationToken cancellationToken);
}
