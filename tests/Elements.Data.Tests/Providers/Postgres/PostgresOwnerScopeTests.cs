using Elements.Testing;

namespace Elements.Data.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgresOwnerScopeTests(PostgresServer server) : OwnerScopeTests(new PostgresProvider(server));
