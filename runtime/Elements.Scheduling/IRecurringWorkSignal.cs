namespace Elements.Scheduling;

/// <summary>
/// Asks for a run of an <see cref="IRecurringWork"/> now rather than at its next interval (after a commit that gave
/// it work). Without a running scheduler (the CLI, scripts) the request is dropped: the work stays where it is stored
/// and the next scheduler to run picks it up.
/// </summary>
public interface IRecurringWorkSignal
{
    void RequestRun(string workName);
}
