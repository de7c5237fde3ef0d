using Elements.Testing;

namespace Elements.Data.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgresFilterTests(PostgresServer server) : FilterTests(new PostgresProvider(server));
