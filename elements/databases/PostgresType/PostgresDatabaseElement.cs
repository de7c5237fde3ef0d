using Elements.Activation;
using Elements.Data.Storage;
using Elements.Scheduling.Store;

namespace Elements.Std.Databases;

/// <summary><c>databases.PostgresType</c>: PostgreSQL with connection pooling.</summary>
[ElementType("databases.PostgresType", ConfigType = typeof(PostgresDatabaseConfig))]
public sealed class PostgresDatabaseElement(ElementContext context, PostgresDatabaseConfig config) : DatabaseElement(context)
{
    internal override SchedulerStore SchedulerStore => new(SchedulerStore.Postgres, config.ConnectionString);

    protected override Database CreateDatabase() => new PostgresDatabase(config.ConnectionString);
}
