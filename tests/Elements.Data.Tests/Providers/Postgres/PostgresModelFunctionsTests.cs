using Elements.Testing;

namespace Elements.Data.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgresModelFunctionsTests(PostgresServer server) : ModelFunctionsTests(new PostgresProvider(server));
