using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Elements.Data.Storage.Sqlite;

/// <summary>
/// The prepared statements of one open connection, by SQL text: commands for Microsoft.Data.Sqlite's API, and native
/// statements for rows read straight as JSON (<see cref="SqliteJsonRows"/>). Model SQL is built from a model's fields
/// and a statement's shape, so an app runs a bounded set of texts; the cap only guards against shapes that vary without
/// end (an <c>in</c> list of every length), by starting over. Used by one flow at a time, like its connection.
/// </summary>
internal sealed class PreparedStatementCache(SqliteConnection connection)
{
    internal const int Capacity = 256;

    private readonly Dictionary<string, ReusableSqliteCommand> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, sqlite3_stmt> _statements = new(StringComparer.Ordinal);

    public int Count => _commands.Count + _statements.Count;

    public SqliteCommand Get(string sql)
    {
        if (_commands.TryGetValue(sql, out var command))
        {
            return command;
        }

        MakeRoom();
        command = new ReusableSqliteCommand(connection, sql);
        _commands.Add(sql, command);
        return command;
    }

    /// <summary>
    /// The native statement of <paramref name="sql"/>, prepared on first use; null when it does not prepare as exactly
    /// one statement (Microsoft.Data.Sqlite's command then runs it and reports the error as usual).
    /// </summary>
    public sqlite3_stmt? Native(string sql)
    {
        if (_statements.TryGetValue(sql, out var statement))
        {
            return statement;
        }

        if (raw.sqlite3_prepare_v3(connection.Handle, sql, raw.SQLITE_PREPARE_PERSISTENT, out statement, out var tail) != raw.SQLITE_OK
            || statement.IsInvalid || !string.IsNullOrWhiteSpace(tail))
        {
            statement?.Dispose();
            return null;
        }

        MakeRoom();
        _statements.Add(sql, statement);
        return statement;
    }

    public void Clear()
    {
        foreach (var command in _commands.Values)
        {
            command.Release();
        }

        foreach (var statement in _statements.Values)
        {
            statement.Dispose();
        }

        _commands.Clear();
        _statements.Clear();
    }

    private void MakeRoom()
    {
        if (Count >= Capacity)
        {
            Clear();
        }
    }
}
