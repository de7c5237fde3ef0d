namespace Elements.Data.Tests;

public sealed class SqliteTransactionTests() : TransactionTests(new SqliteProvider());
