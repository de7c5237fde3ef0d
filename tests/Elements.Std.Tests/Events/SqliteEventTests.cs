using Elements.Std.Tests.Support;

namespace Elements.Std.Tests.Events;

public sealed class SqliteEventTests() : EventTests(new SqliteAppDatabase());
