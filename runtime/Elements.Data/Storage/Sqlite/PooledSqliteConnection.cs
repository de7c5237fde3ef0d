using Microsoft.Data.Sqlite;

namespace Elements.Data.Storage.Sqlite;

/// <summary>An open connection of a <see cref="SqliteConnectionPool"/> with its prepared statements.</summary>
internal sealed class PooledSqliteConnection(SqliteConnection connection)
{
    public SqliteConnection Connection { get; } = connection;

    public PreparedStatementCache Statements { get; } = new(connection);

    /// <summary>The pool's tracer version this connection's trace hook matches.</summary>
    public int TraceVersion { get; set; }

    public void Close()
    {
        Statements.Clear();
        Connection.Dispose();
    }
}
