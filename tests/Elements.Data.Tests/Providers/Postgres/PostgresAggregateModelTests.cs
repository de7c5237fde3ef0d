using Elements.Data.Tests.Support;
using Elements.Testing.Postgres;

namespace Elements.Data.Tests.Providers.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresAggregateModelTests(PostgresServer server) : AggregateModelTests(new PostgresProvider(server));
