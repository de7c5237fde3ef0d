using System.Data.Common;

namespace Elements.Data.Storage;

/// <summary>A connection (and, for writes, a transaction) borrowed for one model operation.</summary>
internal sealed class ConnectionLease : IAsyncDisposable
{
    private readonly AmbientTransaction? _ambient;
    private readonly IDisposable? _writerTurn;
    private bool _completed;

    public ConnectionLease(DbConnection connection, DbTransaction? transaction, AmbientTransaction? ambient, IDisposable? writerTurn = null)
    {
        Connection = connection;
        Transaction = transaction;
        _ambient = ambient;
        _writerTurn = writerTurn;
    }

    public DbConnection Connection { get; }

    public DbTransaction? Transaction { get; }

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
        await Connection.DisposeAsync().ConfigureAwait(false);
    }
}
