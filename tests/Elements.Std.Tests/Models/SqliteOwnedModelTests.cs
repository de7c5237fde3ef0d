using Elements.Std.Tests.Infrastructure;

namespace Elements.Std.Tests.Models;

public sealed class SqliteOwnedModelTests() : OwnedModelTests(new SqliteAppDatabase());
