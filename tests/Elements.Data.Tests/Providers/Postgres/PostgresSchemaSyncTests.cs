using Elements.Testing;

namespace Elements.Data.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgresSchemaSyncTests(PostgresServer server) : SchemaSyncTests(new PostgresProvider(server));
