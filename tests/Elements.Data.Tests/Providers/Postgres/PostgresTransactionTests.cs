using Elements.Testing;

namespace Elements.Data.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgresTransactionTests(PostgresServer server) : TransactionTests(new PostgresProvider(server));
