using Elements.Std.Tests.Support;

namespace Elements.Std.Tests.WeChat;

public sealed class SqliteTokenStoreTests() : TokenStoreTests(new SqliteAppDatabase());
