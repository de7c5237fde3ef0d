using Elements.Testing.Postgres;

namespace Elements.Scheduling.Tests.Support;

[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>;
