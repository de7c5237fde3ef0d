using Elements.Std.Tests.Support;

namespace Elements.Std.Tests.Models;

public sealed class SqliteAggregateModelElementTests() : AggregateModelElementTests(new SqliteAppDatabase());
