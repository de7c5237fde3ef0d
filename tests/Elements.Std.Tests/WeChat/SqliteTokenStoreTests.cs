using Elements.Std.Tests.Infrastructure;

namespace Elements.Std.Tests.WeChat;

public sealed class SqliteTokenStoreTests() : TokenStoreTests(new SqliteAppDatabase());
