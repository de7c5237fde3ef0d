namespace Elements.Data.Tests;

public sealed class SqliteFilterTests() : FilterTests(new SqliteProvider());
