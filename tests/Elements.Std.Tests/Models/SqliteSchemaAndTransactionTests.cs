using Elements.Std.Tests.Support;

namespace Elements.Std.Tests.Models;

public sealed class SqliteSchemaAndTransactionTests() : SchemaAndTransactionTests(new SqliteAppDatabase());
