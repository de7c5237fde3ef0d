using Elements.Testing;

namespace Elements.Data.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgresCrudTests(PostgresServer server) : CrudTests(new PostgresProvider(server));
