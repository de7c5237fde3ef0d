namespace Elements.Data.Tests;

public sealed class SqliteModelFunctionsTests() : ModelFunctionsTests(new SqliteProvider());
