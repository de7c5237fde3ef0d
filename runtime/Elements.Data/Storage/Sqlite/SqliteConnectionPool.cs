using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Elements.Data.Storage.Sqlite;

/// <summary>
/// Open connections of one <see cref="SqliteDatabase"/>, kept open between operations so that each keeps its prepared
/// statements (<see cref="PreparedStatementCache"/>): Microsoft.Data.Sqlite's own pool reuses native handles but
/// finalizes every statement when a connection closes, so each call would parse and plan its SQL again. Idle
/// connections are reused last-in first-out (their pages and statements are warm); at most
/// <see cref="MaxIdle"/> stay open. Disposing closes the idle ones and those given back later.
/// </summary>
internal sealed class SqliteConnectionPool(Func<CancellationToken, Task<SqliteConnection>> open) : IDisposable
{
    internal const int MaxIdle = 32;

    private readonly ConcurrentStack<PooledSqliteConnection> _idle = new();
    private readonly ConditionalWeakTable<SqliteConnection, PooledSqliteConnection> _members = new();
    private readonly Lock _traceLock = new();
    private int _idleCount;
    private volatile bool _disposed;
    private Action<string>? _tracer;
    private int _traceVersion;

    public int IdleCount => Volatile.Read(ref _idleCount);

    public async Task<SqliteConnection> RentAsync(CancellationToken ct)
    {
        if (_disposed)
        {
            // A store still running after a hot reload replaced its database: serve it, pool nothing.
            return await open(ct).ConfigureAwait(false);
        }

        while (_idle.TryPop(out var idle))
        {
            Interlocked.Decrement(ref _idleCount);
            if (idle.Connection.State == System.Data.ConnectionState.Open)
            {
                ApplyTracer(idle);
                return idle.Connection;
            }

            Forget(idle);
        }

        var connection = await open(ct).ConfigureAwait(false);
        var pooled = new PooledSqliteConnection(connection);
        _members.Add(connection, pooled);
        ApplyTracer(pooled);
        return connection;
    }

    /// <summary>The connection's statement cache; null for a connection this pool did not hand out.</summary>
    public PreparedStatementCache? StatementsOf(SqliteConnection connection)
        => _members.TryGetValue(connection, out var pooled) ? pooled.Statements : null;

    public void Return(SqliteConnection connection)
    {
        if (!_members.TryGetValue(connection, out var pooled))
        {
            connection.Dispose();
            return;
        }

        if (!_disposed && connection.State == System.Data.ConnectionState.Open)
        {
            if (Interlocked.Increment(ref _idleCount) <= MaxIdle)
            {
                _idle.Push(pooled);
                if (_disposed)
                {
                    // Disposed while this connection was out: the drain may have run before the push.
                    Drain();
                }

                return;
            }

            Interlocked.Decrement(ref _idleCount);
        }

        Forget(pooled);
    }

    /// <summary>
    /// Reports every statement started on this pool's connections (SQLite's trace hook, text with bound values) until
    /// the result is disposed. One tracer at a time.
    /// </summary>
    public IDisposable Trace(Action<string> onStatement)
    {
        ArgumentNullException.ThrowIfNull(onStatement);
        lock (_traceLock)
        {
            if (_tracer is not null)
            {
                throw new InvalidOperationException("The database is already being traced.");
            }

            _tracer = onStatement;
            _traceVersion++;
        }

        return new TraceScope(this);
    }

    public void Dispose()
    {
        _disposed = true;
        Drain();
    }

    private void Drain()
    {
        while (_idle.TryPop(out var idle))
        {
            Interlocked.Decrement(ref _idleCount);
            Forget(idle);
        }
    }

    private void Forget(PooledSqliteConnection pooled)
    {
        _members.Remove(pooled.Connection);
        pooled.Close();
    }

    private void ApplyTracer(PooledSqliteConnection pooled)
    {
        var version = Volatile.Read(ref _traceVersion);
        if (pooled.TraceVersion == version)
        {
            return;
        }

        var tracer = _tracer;
        raw.sqlite3_trace(pooled.Connection.Handle, tracer is null ? null : (_, sql) => tracer(sql.utf8_to_string()), null);
        pooled.TraceVersion = version;
    }

    private void StopTracing()
    {
        lock (_traceLock)
        {
            _tracer = null;
            _traceVersion++;
        }
    }

    private sealed class TraceScope(SqliteConnectionPool pool) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                pool.StopTracing();
            }
        }
    }
}
