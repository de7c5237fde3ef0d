using Elements.Std.Tests.Support;
using Elements.Testing.Postgres;

namespace Elements.Std.Tests.Models;

[Collection(PostgresCollection.Name)]
public sealed class PostgresAggregateModelElementTests(PostgresServer server) : AggregateModelElementTests(new PostgresAppDatabase(server));
