namespace Elements.Data.Tests;

public sealed class SqliteConcurrencyTests() : ConcurrencyTests(new SqliteProvider());
