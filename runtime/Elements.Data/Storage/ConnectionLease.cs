using System.Data.Common;
using System.Text.Json.Nodes;
using Elements.Data.Schema;

namespace Elements.Data.Storage;

/// <summary>A connection (and, for writes, a transaction) borrowed for one model operation.</summary>
internal sealed class ConnectionLease : IAsyncDisposable
{
    private readonly Database _database;
    private readonly AmbientTransaction? _ambient;
    private readonly IDisposable? _writerTurn;
    private bool _completed;

    public ConnectionLease(Database database, DbConnection connection, DbTransaction? transaction, AmbientTransaction? ambient, IDisposable? writerTurn = null)
    {
        _database = database;
        Connection = connection;
        Transaction = transaction;
        _ambient = ambient;
        _writerTurn = writerTurn;
    }

    public DbConnection Connection { get; }

    public DbTransaction? Transaction { get; }

    /// <summary>A command for <paramref name="sql"/> on this lease's connection and transaction; dispose it after use.</summary>
    public DbCommand Command(string sql)
    {
        var command = _database.CreateCommand(Connection, sql);
        command.Transaction = Transaction;
        return command;
    }

    /// <summary>The rows of <paramref name="sql"/> read by the provider itself, or null (see <see cref="Database.TryReadJsonRows"/>).</summary>
    public JsonArray? TryReadJsonRows(string sql, SqlParameters parameters, IReadOnlyList<FieldDefinition> fields, CancellationToken ct)
        => _database.TryReadJsonRows(Connection, sql, parameters, fields, ct);

    public async Task CompleteAsync(CancellationToken ct)
    {
        if (_ambient is null && Transaction is not null)
        {
            await Transaction.CommitAsync(ct).ConfigureAwait(false);
        }

        _completed = true;
    }

    /// <summary>A failed statement poisons a shared transaction (PostgreSQL aborts it anyway; SQLite follows suit).</summary>
    public void MarkFailed()
    {
        if (_ambient is not null)
        {
            _ambient.RollbackOnly = true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_ambient is not null)
        {
            _ambient.Gate.Release();
            return;
        }
        if (Transaction is not null)
        {
            if (!_completed)
            {
                try
                {
                    await Transaction.RollbackAsync().ConfigureAwait(false);
                }
                catch (DbException)
                {
                    // Broken connection: the server drops the transaction.
                }
            }
            await Transaction.DisposeAsync().ConfigureAwait(false);
        }
        _writerTurn?.Dispose();
        await _database.ReturnConnectionAsync(Connection).ConfigureAwait(false);
    }
}
