using Elements.Std.Tests.Support;

namespace Elements.Std.Tests.Models;

public sealed class SqliteOwnedModelTests() : OwnedModelTests(new SqliteAppDatabase());
