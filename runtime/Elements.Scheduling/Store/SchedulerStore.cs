namespace Elements.Scheduling.Store;

/// <summary>Where Quartz keeps its tables: a provider (<see cref="Sqlite"/> or <see cref="Postgres"/>, the names of
/// <c>Database.Provider</c>) and a connection string. The connection string may carry a password: it is never shown
/// by <see cref="ToString"/>.</summary>
public sealed record SchedulerStore(string Provider, string ConnectionString)
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public bool IsPostgres => Provider == Postgres;

    public override string ToString() => $"SchedulerStore({Provider})";
}
