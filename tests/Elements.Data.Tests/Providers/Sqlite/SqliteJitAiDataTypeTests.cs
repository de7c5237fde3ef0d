using Elements.Data.Tests.Support;

namespace Elements.Data.Tests.Providers.Sqlite;

public sealed class SqliteJitAiDataTypeTests() : JitAiDataTypeTests(new SqliteProvider());
