using System.Data.Common;
using Elements.Data.Errors;

namespace Elements.Data.Storage;

/// <summary>
/// The one real transaction of an async flow on one <see cref="Database"/>. Operations in the flow share its
/// connection one at a time (<see cref="Gate"/>), because a connection cannot run two commands at once.
/// </summary>
internal sealed class AmbientTransaction
{
    public AmbientTransaction(Database database) => Database = database;

    public Database Database { get; }

    public DbConnection? Connection { get; set; }

    public DbTransaction? Transaction { get; set; }

    /// <summary>This flow's place in the process's writer queue, held until the transaction has ended.</summary>
    public IDisposable? WriterTurn { get; set; }

    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Run once after the commit succeeded (see <see cref="Database.TryAddAfterCommit"/>); dropped on rollback.</summary>
    public List<Func<Task>> AfterCommit { get; } = [];

    /// <summary>False once committed, rolled back or failed to start; lookups then ignore it.</summary>
    public volatile bool IsActive = true;

    /// <summary>Set when an inner scope rolled back or a statement failed; commit then rolls back and throws.</summary>
    public volatile bool RollbackOnly;

    public async Task CommitAsync(CancellationToken ct)
    {
        await Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (!IsActive)
            {
                throw new DataException(DataErrorCodes.Transaction, "The transaction has already completed.");
            }

            if (RollbackOnly)
            {
                await RollbackCoreAsync().ConfigureAwait(false);
                throw new DataException(DataErrorCodes.Transaction,
                    "The transaction was rolled back because an inner scope rolled back or a statement in it failed.");
            }
            IsActive = false;
            try
            {
                await Transaction!.CommitAsync(ct).ConfigureAwait(false);
            }
            catch (DbException ex)
            {
                throw Database.Translate(ex, null);
            }
        }
        finally
        {
            Gate.Release();
        }

        await RunAfterCommitAsync().ConfigureAwait(false);
    }

    private async Task RunAfterCommitAsync()
    {
        if (AfterCommit.Count == 0)
        {
            return;
        }

        // The write lock goes first: a callback that writes (an event handler saving a row) on SQLite would otherwise
        // wait for the turn this committed transaction still holds.
        WriterTurn?.Dispose();
        WriterTurn = null;
        foreach (var callback in AfterCommit.ToArray())
        {
            try
            {
                await callback().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The commit stands whatever a callback does; callbacks report their own failures.
            }
        }

        AfterCommit.Clear();
    }

    public async Task RollbackAsync()
    {
        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await RollbackCoreAsync().ConfigureAwait(false);
        }
        finally
        {
            Gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (IsActive)
        {
            await RollbackAsync().ConfigureAwait(false);
        }

        if (Transaction is not null)
        {
            await Transaction.DisposeAsync().ConfigureAwait(false);
        }

        WriterTurn?.Dispose();
        WriterTurn = null;
        if (Connection is not null)
        {
            await Database.ReturnConnectionAsync(Connection).ConfigureAwait(false);
        }
    }

    private async Task RollbackCoreAsync()
    {
        if (!IsActive)
        {
            return;
        }

        IsActive = false;
        try
        {
            if (Transaction is not null)
            {
                await Transaction.RollbackAsync().ConfigureAwait(false);
            }
        }
        catch (DbException)
        {
            // The connection may already be broken; the server discards the transaction with it.
        }
    }
}
