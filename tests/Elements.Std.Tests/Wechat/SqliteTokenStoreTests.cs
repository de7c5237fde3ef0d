using Elements.Std.Tests.Infrastructure;

namespace Elements.Std.Tests.Wechat;

public sealed class SqliteTokenStoreTests() : TokenStoreTests(new SqliteAppDatabase());
