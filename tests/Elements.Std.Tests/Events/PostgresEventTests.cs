using Elements.Std.Tests.Support;
using Elements.Testing.Postgres;

namespace Elements.Std.Tests.Events;

[Collection(PostgresCollection.Name)]
public sealed class PostgresEventTests(PostgresServer server) : EventTests(new PostgresAppDatabase(server));
