namespace Elements.Scheduling.Store;

/// <summary>Finds the database the scheduler keeps its tables in (elements.std: the database elements).</summary>
public interface ISchedulerStoreSource
{
    /// <param name="databaseName">A database element's full name, or null for the app's default database.</param>
    SchedulerStore GetStore(string? databaseName);
}
