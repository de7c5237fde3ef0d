using Elements.Std.Tests.Support;
using Elements.Testing.Postgres;

namespace Elements.Std.Tests.ApiAuths;

[Collection(PostgresCollection.Name)]
public sealed class PostgresApiRequestVerifierTests(PostgresServer server) : ApiRequestVerifierTests(new PostgresAppDatabase(server));
