using Elements.Scheduling.Store;
using Elements.Std.Models;

namespace Elements.Std.Databases;

/// <summary>The scheduler's store is a database element: the one named in <c>Elements:Scheduler:Database</c>, else the
/// app's default database (the one models use when they name none).</summary>
public sealed class DatabaseSchedulerStoreSource(ElementApp app) : ISchedulerStoreSource
{
    public SchedulerStore GetStore(string? databaseName) =>
        app.GetElement<DatabaseElement>(string.IsNullOrWhiteSpace(databaseName) ? ModelElement.ResolveDefaultDatabase(app) : databaseName).SchedulerStore;
}
