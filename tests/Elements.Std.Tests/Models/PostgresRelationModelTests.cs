using Elements.Std.Tests.Support;
using Elements.Testing.Postgres;

namespace Elements.Std.Tests.Models;

[Collection(PostgresCollection.Name)]
public sealed class PostgresRelationModelTests(PostgresServer server) : RelationModelTests(new PostgresAppDatabase(server));
