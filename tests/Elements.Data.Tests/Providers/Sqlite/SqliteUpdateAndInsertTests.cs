using Elements.Data.Tests.Support;

namespace Elements.Data.Tests.Providers.Sqlite;

public sealed class SqliteUpdateAndInsertTests() : UpdateAndInsertTests(new SqliteProvider());
