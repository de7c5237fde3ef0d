using System.Data.Common;

namespace Elements.Host.Bench.HandWritten;

/// <summary>The hand-written server's database: its own connections, write transactions and tables.</summary>
internal abstract class HandWrittenDatabase : IAsyncDisposable
{
    public abstract string Provider { get; }

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Starts a write transaction (on SQLite: after this process's earlier writers, then BEGIN IMMEDIATE).</summary>
    public abstract Task<HandWrittenWrite> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Drops and creates the tables, so every run starts empty.</summary>
    public abstract Task CreateSchemaAsync();

    public abstract ValueTask DisposeAsync();
}
