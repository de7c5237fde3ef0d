using Elements.Data.Tests.Support;

namespace Elements.Data.Tests.Providers.Sqlite;

public sealed class SqliteAggregationTests() : AggregationTests(new SqliteProvider());
