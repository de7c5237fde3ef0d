using System.Data.Common;
using System.Text.Json.Nodes;
using Elements.Data.Dialects;
using Elements.Data.Errors;
using Elements.Data.Schema;
using Elements.Data.Sync;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Elements.Data.Storage;

/// <summary>
/// A database that models store rows in. Concrete kinds: <see cref="SqliteDatabase"/>, <see cref="PostgresDatabase"/>.
/// Transactions are ambient per async flow: see <see cref="BeginTransactionAsync"/>.
/// </summary>
public abstract class Database : IAsyncDisposable
{
    private readonly AsyncLocal<AmbientTransaction?> _ambient = new();

    private protected Database()
    {
    }

    /// <summary><c>sqlite</c> or <c>postgres</c>.</summary>
    public abstract string Provider { get; }

    /// <summary>True when the current async flow is inside a transaction on this database.</summary>
    public bool InTransaction => Current is not null;

    internal abstract SqlDialect Dialect { get; }

    internal AmbientTransaction? Current => _ambient.Value is { IsActive: true } a ? a : null;

    /// <summary>Opens a raw pooled connection configured like the ones models use (for Dapper access, benchmarks). Caller disposes.</summary>
    public abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts a transaction that model operations in this async flow join; a begin inside one joins it.
    /// Not an async method on purpose: the ambient value must be set in the caller's execution context.
    /// </summary>
    public Task<DatabaseTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default)
    {
        if (Current is { } current)
        {
            return Task.FromResult(new DatabaseTransaction(current, isOwner: false));
        }

        var state = new AmbientTransaction(this);
        _ambient.Value = state;
        return StartAsync(state, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="callback"/> after the current flow's transaction on this database commits (the outermost
    /// one: joined scopes commit nothing), in the committing flow, once the write lock is released; never when it rolls
    /// back. Returns false when the flow has no transaction (the caller then acts at once). A callback's exception is
    /// swallowed, since the commit has happened: callbacks report their own failures.
    /// </summary>
    public bool TryAddAfterCommit(Func<Task> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (Current is not { } current)
        {
            return false;
        }

        lock (current.AfterCommit)
        {
            current.AfterCommit.Add(callback);
        }

        return true;
    }

    /// <summary>Creates missing tables, columns and indexes; never drops; reports drift as diagnostics.</summary>
    public Task<SchemaSyncResult> SyncSchemaAsync(ModelSchema schema, CancellationToken cancellationToken = default)
        => SchemaSynchronizer.SyncAsync(this, schema, null, cancellationToken);

    /// <summary>
    /// <see cref="SyncSchemaAsync(ModelSchema, CancellationToken)"/> for a model with relation fields: also creates
    /// the missing tables of the models it relates to (<paramref name="relatedModels"/> resolves their full names)
    /// and the foreign keys (reported in <see cref="SchemaSyncResult.AddedIndexes"/> on PostgreSQL).
    /// </summary>
    public Task<SchemaSyncResult> SyncSchemaAsync(ModelSchema schema, Func<string, ModelSchema>? relatedModels, CancellationToken cancellationToken = default)
        => SchemaSynchronizer.SyncAsync(this, schema, relatedModels, cancellationToken);

    public abstract ValueTask DisposeAsync();

    internal abstract Task<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken ct);

    /// <summary>A connection for model operations; give it back with <see cref="ReturnConnectionAsync"/>.</summary>
    internal virtual Task<DbConnection> RentConnectionAsync(CancellationToken ct) => OpenConnectionAsync(ct);

    internal virtual ValueTask ReturnConnectionAsync(DbConnection connection) => connection.DisposeAsync();

    /// <summary>
    /// The rows of <paramref name="sql"/> as JSON read by the provider itself, or null to read them through a command
    /// (<see cref="JsonRowReader"/>). Both give the same rows.
    /// </summary>
    internal virtual JsonArray? TryReadJsonRows(DbConnection connection, string sql, SqlParameters parameters,
        IReadOnlyList<FieldDefinition> fields, CancellationToken ct) => null;

    /// <summary>
    /// A command for <paramref name="sql"/> on a rented connection. Dispose it after use as usual: a provider that
    /// keeps prepared statements per connection hands out a command whose disposal keeps them.
    /// </summary>
    internal virtual DbCommand CreateCommand(DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    internal abstract bool SingleStatementWritesNeedTransaction { get; }

    /// <summary>
    /// Queues this process's writers before they ask the database for its write lock. Null when the database
    /// queues them itself; dispose the result after the write transaction has ended.
    /// </summary>
    internal virtual Task<IDisposable?> EnterWriterQueueAsync(CancellationToken ct) => Task.FromResult<IDisposable?>(null);

    internal void ClearAmbient(AmbientTransaction state)
    {
        if (ReferenceEquals(_ambient.Value, state))
        {
            _ambient.Value = null;
        }
    }

    internal ValueTask<ConnectionLease> AcquireAsync(LeaseKind kind, CancellationToken ct)
        => AcquireAsync(kind == LeaseKind.Transaction || (kind == LeaseKind.Statement && SingleStatementWritesNeedTransaction), ct);

    /// <param name="write">Start a write transaction unless the flow already has an ambient one.</param>
    private async ValueTask<ConnectionLease> AcquireAsync(bool write, CancellationToken ct)
    {
        if (Current is { } ambient)
        {
            await ambient.Gate.WaitAsync(ct).ConfigureAwait(false);
            if (!ambient.IsActive)
            {
                ambient.Gate.Release();
                throw new DataException(DataErrorCodes.Transaction, "The enclosing transaction has already completed.");
            }
            return new ConnectionLease(this, ambient.Connection!, ambient.Transaction, ambient);
        }
        IDisposable? writerTurn = null;
        DbConnection? connection = null;
        try
        {
            // The turn first: a writer waiting in the queue must not hold a connection meanwhile.
            writerTurn = write ? await EnterWriterQueueAsync(ct).ConfigureAwait(false) : null;
            connection = await RentConnectionAsync(ct).ConfigureAwait(false);
            var tx = write ? await BeginWriteTransactionAsync(connection, ct).ConfigureAwait(false) : null;
            return new ConnectionLease(this, connection, tx, null, writerTurn);
        }
        catch (Exception ex)
        {
            writerTurn?.Dispose();
            if (connection is not null)
            {
                await ReturnConnectionAsync(connection).ConfigureAwait(false);
            }

            if (ex is DbException db)
            {
                throw Translate(db, null);
            }

            throw;
        }
    }

    /// <summary>Maps provider errors to data-layer errors; messages carry no connection details.</summary>
    internal DataException Translate(DbException exception, ModelSchema? schema)
    {
        if (schema is not null && Dialect.TranslateConstraint(exception, schema) is { } constraint)
        {
            return constraint;
        }

        var message = exception switch
        {
            PostgresException pg => $"{pg.SqlState}: {pg.MessageText}",
            SqliteException sq => sq.Message,
            _ => exception.Message,
        };
        return new DataException(DataErrorCodes.Database, $"{Provider} error: {message}", null, exception);
    }

    private async Task<DatabaseTransaction> StartAsync(AmbientTransaction state, CancellationToken ct)
    {
        try
        {
            state.WriterTurn = await EnterWriterQueueAsync(ct).ConfigureAwait(false);
            DbConnection? connection = null;
            try
            {
                connection = await RentConnectionAsync(ct).ConfigureAwait(false);
                state.Transaction = await BeginWriteTransactionAsync(connection, ct).ConfigureAwait(false);
                state.Connection = connection;
            }
            catch
            {
                state.WriterTurn?.Dispose();
                state.WriterTurn = null;
                if (connection is not null)
                {
                    await ReturnConnectionAsync(connection).ConfigureAwait(false);
                }

                throw;
            }
        }
        catch (DbException ex)
        {
            state.IsActive = false;
            throw Translate(ex, null);
        }
        catch
        {
            state.IsActive = false;
            throw;
        }
        return new DatabaseTransaction(state, isOwner: true);
    }
}
