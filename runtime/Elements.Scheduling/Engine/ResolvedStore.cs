using Elements.Scheduling.Configuration;
using Elements.Scheduling.Store;
using Microsoft.Extensions.Options;

namespace Elements.Scheduling.Engine;

/// <summary>The store of this process's scheduler and whether it is clustered, decided once (on first use, after the
/// app has loaded: the database is an element).</summary>
internal sealed class ResolvedStore(ISchedulerStoreSource source, IOptions<SchedulerOptions> options)
{
    private readonly Lazy<SchedulerStore> _store = new(() => source.GetStore(options.Value.Database));

    public SchedulerStore Store => _store.Value;

    public bool Clustered => options.Value.Clustered ?? Store.IsPostgres;
}
