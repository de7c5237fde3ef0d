using Microsoft.Data.Sqlite;

namespace Elements.Data.Storage.Sqlite;

/// <summary>
/// A command kept by a connection's <see cref="PreparedStatementCache"/>. Microsoft.Data.Sqlite prepares a command's
/// statements on its first execution and reuses them until the command is disposed, so the data layer's usual
/// <c>await using var cmd</c> must not dispose this one: disposing only forgets the call's parameters and transaction.
/// The cache disposes it for real when it evicts it or closes the connection.
/// </summary>
internal sealed class ReusableSqliteCommand : SqliteCommand
{
    private bool _released;

    public ReusableSqliteCommand(SqliteConnection connection, string sql)
        : base(sql, connection)
    {
    }

    /// <summary>Finalizes the prepared statements: the command cannot run again.</summary>
    public void Release()
    {
        _released = true;
        Dispose();
    }

    protected override void Dispose(bool disposing)
    {
        if (_released || !disposing)
        {
            base.Dispose(disposing);
            return;
        }

        Parameters.Clear();
        Transaction = null;
    }
}
