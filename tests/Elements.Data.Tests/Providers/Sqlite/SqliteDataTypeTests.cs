namespace Elements.Data.Tests;

public sealed class SqliteDataTypeTests() : DataTypeTests(new SqliteProvider());
