namespace Elements.Data.Tests;

public sealed class SqliteSchemaSyncTests() : SchemaSyncTests(new SqliteProvider());
