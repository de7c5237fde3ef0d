using Elements.Std.Tests.Infrastructure;

namespace Elements.Std.Tests.Models;

public sealed class SqliteModelFunctionTests() : ModelFunctionTests(new SqliteAppDatabase());
