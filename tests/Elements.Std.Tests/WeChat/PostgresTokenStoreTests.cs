using Elements.Std.Tests.Support;
using Elements.Testing.Postgres;

namespace Elements.Std.Tests.WeChat;

[Collection(PostgresCollection.Name)]
public sealed class PostgresTokenStoreTests(PostgresServer server) : TokenStoreTests(new PostgresAppDatabase(server));
