using Elements.Data.Tests.Support;
using Elements.Testing.Postgres;

namespace Elements.Data.Tests.Providers.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresUpdateAndInsertTests(PostgresServer server) : UpdateAndInsertTests(new PostgresProvider(server));
