using System.Data.Common;

namespace Elements.Host.Bench.HandWritten;

/// <summary>A write transaction and, on SQLite, the writer's turn in the in-process queue, released after commit or rollback.</summary>
internal sealed class HandWrittenWrite(DbTransaction transaction, SemaphoreSlim? queue) : IAsyncDisposable
{
    public DbTransaction Transaction => transaction;

    public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Rolls back unless committed.
            await transaction.DisposeAsync();
        }
        finally
        {
            queue?.Release();
        }
    }
}
