using Elements.Data.Tests.Support;

namespace Elements.Data.Tests.Providers.Sqlite;

public sealed class SqliteAggregateModelTests() : AggregateModelTests(new SqliteProvider());
