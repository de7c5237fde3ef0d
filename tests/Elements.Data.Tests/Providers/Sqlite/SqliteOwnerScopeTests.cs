namespace Elements.Data.Tests;

public sealed class SqliteOwnerScopeTests() : OwnerScopeTests(new SqliteProvider());
