using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Elements.Host.Bench.HandWritten;

/// <summary>
/// SQLite as Elements configures it (runtime/Elements.Data/Storage/SqliteDatabase.cs): WAL, synchronous=NORMAL, a 30 s
/// busy timeout, foreign keys on, pooled connections, writes in BEGIN IMMEDIATE behind one in-process writer queue.
/// Counts statements with SQLite's trace hook while <see cref="TraceStatements"/> is active.
/// </summary>
internal sealed class SqliteHandWrittenDatabase : HandWrittenDatabase
{
    private const int BusyTimeoutSeconds = 30;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writers = new(1, 1);
    private readonly ConditionalWeakTable<sqlite3, object> _configured = new();
    private readonly ConditionalWeakTable<sqlite3, object> _traced = new();
    private readonly strdelegate_trace _trace;
    private volatile Action<string>? _tracer;

    public SqliteHandWrittenDatabase(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = BusyTimeoutSeconds,
        }.ToString();
        _trace = (_, sql) => _tracer?.Invoke(sql);
    }

    public override string Provider => "sqlite";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        var handle = connection.Handle!;
        if (!_configured.TryGetValue(handle, out _))
        {
            // Per native handle, not per open: pooled connections keep their handle.
            await connection.ExecuteAsync($"PRAGMA busy_timeout = {BusyTimeoutSeconds * 1000}; PRAGMA synchronous = NORMAL;");
            _configured.TryAdd(handle, _configured);
        }

        if (_tracer is not null && !_traced.TryGetValue(handle, out _))
        {
            raw.sqlite3_trace(handle, _trace, null);
            _traced.TryAdd(handle, _traced);
        }
        else if (_tracer is null && _traced.TryGetValue(handle, out _))
        {
            raw.sqlite3_trace(handle, (strdelegate_trace?)null, null);
            _traced.Remove(handle);
        }

        return connection;
    }

    public override async Task<HandWrittenWrite> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await _writers.WaitAsync(cancellationToken);
        try
        {
            return new HandWrittenWrite(((SqliteConnection)connection).BeginTransaction(deferred: false), _writers);
        }
        catch
        {
            _writers.Release();
            throw;
        }
    }

    public override async Task CreateSchemaAsync()
    {
        await using var connection = await OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
        await connection.ExecuteAsync(HandWrittenSchema.Drop + HandWrittenSchema.Create("INTEGER PRIMARY KEY AUTOINCREMENT"));
    }

    /// <summary>Reports every statement connections opened from now on run (bound values expanded) until disposed.</summary>
    public IDisposable TraceStatements(Action<string> onStatement)
    {
        _tracer = onStatement;
        return new TraceOff(this);
    }

    public override ValueTask DisposeAsync()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        _writers.Dispose();
        return default;
    }

    private sealed class TraceOff(SqliteHandWrittenDatabase database) : IDisposable
    {
        public void Dispose() => database._tracer = null;
    }
}
