using Elements.Testing;

namespace Elements.Data.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgresDataTypeTests(PostgresServer server) : DataTypeTests(new PostgresProvider(server));
