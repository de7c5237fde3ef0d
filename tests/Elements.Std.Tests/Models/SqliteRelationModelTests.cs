using Elements.Std.Tests.Support;

namespace Elements.Std.Tests.Models;

public sealed class SqliteRelationModelTests() : RelationModelTests(new SqliteAppDatabase());
