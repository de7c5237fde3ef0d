using Microsoft.Data.Sqlite;

namespace Elements.Data.Storage.Sqlite;

/// <summary>
/// The prepared statements of one open connection, by SQL text. Model SQL is built from a model's fields and a
/// statement's shape, so an app runs a bounded set of texts; the cap only guards against shapes that vary without end
/// (an <c>in</c> list of every length), by starting over. Used by one flow at a time, like its connection.
/// </summary>
internal sealed class PreparedStatementCache(SqliteConnection connection)
{
    internal const int Capacity = 256;

    private readonly Dictionary<string, ReusableSqliteCommand> _commands = new(StringComparer.Ordinal);

    public int Count => _commands.Count;

    public SqliteCommand Get(string sql)
    {
        if (_commands.TryGetValue(sql, out var command))
        {
            return command;
        }

        if (_commands.Count >= Capacity)
        {
            Clear();
        }

        command = new ReusableSqliteCommand(connection, sql);
        _commands.Add(sql, command);
        return command;
    }

    public void Clear()
    {
        foreach (var command in _commands.Values)
        {
            command.Release();
        }

        _commands.Clear();
    }
}
