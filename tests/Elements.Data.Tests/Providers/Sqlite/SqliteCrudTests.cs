namespace Elements.Data.Tests;

public sealed class SqliteCrudTests() : CrudTests(new SqliteProvider());
