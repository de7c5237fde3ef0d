using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Elements.Data.Dialects;
using Elements.Data.Errors;
using Elements.Data.Schema;
using Elements.Data.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Elements.Data.Storage;

/// <summary>
/// SQLite file database: WAL journal (readers never block the writer), foreign keys on, a 30 s busy timeout, and
/// write transactions started with BEGIN IMMEDIATE so concurrent writers queue for the lock instead of failing with
/// SQLITE_BUSY when a read transaction tries to upgrade. Writers of one process queue in memory for their turn
/// (<see cref="EnterWriterQueueAsync"/>), so only writers of other processes meet SQLite's sleeping busy handler.
/// Model operations run on this database's own pool of open connections, each keeping its prepared statements.
/// </summary>
public sealed class SqliteDatabase : Database
{
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    // Pooled SqliteConnections reuse native handles; per-connection pragmas need to run once per handle, not per open.
    private static readonly ConditionalWeakTable<sqlite3, object> ConfiguredHandles = new();

    // One queue per file, shared by every SqliteDatabase of this process that opens it.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> WriterQueues = new(StringComparer.Ordinal);
    private readonly string _connectionString;
    private readonly string _ownPoolConnectionString;
    private readonly SqliteConnectionPool _pool;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;

    private SqliteDatabase(SqliteConnectionStringBuilder builder)
    {
        builder.ForeignKeys = true;
        builder.Pooling = true;
        builder.DefaultTimeout = (int)BusyTimeout.TotalSeconds;
        if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:")
        {
            throw new DataException(DataErrorCodes.Database, "SQLite databases must be files (in-memory databases do not survive pooling).");
        }

        if (builder.Mode is SqliteOpenMode.ReadWriteCreate)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }
        DataSource = Path.GetFullPath(builder.DataSource);
        builder.DataSource = DataSource;
        _connectionString = builder.ToString();
        // The model pool keeps its connections open itself; under Microsoft.Data.Sqlite's pool as well, a closed
        // connection would stay open in two pools.
        builder.Pooling = false;
        _ownPoolConnectionString = builder.ToString();
        _pool = new SqliteConnectionPool(ct => OpenAsync(_ownPoolConnectionString, ct));
    }

    public override string Provider => "sqlite";

    /// <summary>Full path of the database file.</summary>
    public string DataSource { get; }

    internal override SqlDialect Dialect => SqliteDialect.Instance;

    public static SqliteDatabase FromPath(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new SqliteDatabase(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate });
    }

    public static SqliteDatabase FromConnectionString(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException)
        {
            throw new DataException(DataErrorCodes.Database, "The SQLite connection string is malformed.");
        }
        return new SqliteDatabase(builder);
    }

    public override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
        => await OpenAsync(_connectionString, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Reports the text (with bound values) of every statement that model operations start on this database until the
    /// result is disposed, through SQLite's trace hook: for counting a request's statements, not for production logging.
    /// Connections already in use when tracing starts report from their next use. One tracer at a time.
    /// </summary>
    public IDisposable TraceStatements(Action<string> onStatement) => _pool.Trace(onStatement);

    internal SqliteConnectionPool Pool => _pool;

    internal override async Task<DbConnection> RentConnectionAsync(CancellationToken ct) => await _pool.RentAsync(ct).ConfigureAwait(false);

    internal override ValueTask ReturnConnectionAsync(DbConnection connection)
    {
        _pool.Return((SqliteConnection)connection);
        return default;
    }

    internal override DbCommand CreateCommand(DbConnection connection, string sql)
        => _pool.StatementsOf((SqliteConnection)connection)?.Get(sql) ?? base.CreateCommand(connection, sql);

    internal override JsonArray? TryReadJsonRows(DbConnection connection, string sql, SqlParameters parameters,
        IReadOnlyList<FieldDefinition> fields, CancellationToken ct)
    {
        var sqlite = (SqliteConnection)connection;
        return _pool.StatementsOf(sqlite)?.Native(sql) is { } statement
            ? SqliteJsonRows.Read(sqlite.Handle!, statement, parameters, fields, ct)
            : null;
    }

    private async Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (!_initialized)
            {
                await InitializeAsync(connection, cancellationToken).ConfigureAwait(false);
            }

            var handle = connection.Handle;
            if (handle is not null && !ConfiguredHandles.TryGetValue(handle, out _))
            {
                await using var cmd = connection.CreateCommand();
                // The native busy handler waits for the lock instead of returning SQLITE_BUSY at once;
                // synchronous=NORMAL is the recommended (and durable across app crashes) setting for WAL.
                cmd.CommandText = $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL;";
                await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                ConfiguredHandles.TryAdd(handle, ConfiguredHandles);
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override ValueTask DisposeAsync()
    {
        // Pooled handles keep the file open (and the -wal file around); release ours only.
        _pool.Dispose();
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return default;
    }

    // Even single statements take BEGIN IMMEDIATE: in WAL mode an autocommit write that finds a newer snapshot can
    // fail with SQLITE_BUSY_SNAPSHOT, which the busy handler does not retry.
    internal override bool SingleStatementWritesNeedTransaction => true;

    internal override async Task<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken ct)
    {
        var sqlite = (SqliteConnection)connection;
        var clock = Stopwatch.StartNew();
        var delay = 5;
        while (true)
        {
            try
            {
                return sqlite.BeginTransaction(deferred: false);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6 && clock.Elapsed < BusyTimeout)
            {
                // Belt and braces over busy_timeout: back off with jitter and try again.
                await Task.Delay(Random.Shared.Next(delay, delay * 2), ct).ConfigureAwait(false);
                delay = Math.Min(delay * 2, 200);
            }
        }
    }

    /// <summary>
    /// SQLite has one write lock per file, and a writer that finds it taken sleeps in the busy handler (1 to 100 ms
    /// steps) rather than queueing, so under concurrency most of a write's latency would be sleeping. Writers of this
    /// process wait on an async FIFO queue instead and reach the lock one at a time.
    /// </summary>
    internal override async Task<IDisposable?> EnterWriterQueueAsync(CancellationToken ct)
    {
        var queue = WriterQueues.GetOrAdd(DataSource, static _ => new SemaphoreSlim(1, 1));
        if (!await queue.WaitAsync(BusyTimeout, ct).ConfigureAwait(false))
        {
            throw new DataException(DataErrorCodes.Database,
                $"sqlite error: no write turn on {Path.GetFileName(DataSource)} within {BusyTimeout.TotalSeconds:0} s (is a transaction of this flow writing through another database element on the same file?)");
        }
        return new WriterTurn(queue);
    }

    private sealed class WriterTurn(SemaphoreSlim queue) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                queue.Release();
            }
        }
    }

    private async Task InitializeAsync(SqliteConnection connection, CancellationToken ct)
    {
        await _initLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            await using var cmd = connection.CreateCommand();
            // WAL is a property of the file, so once is enough.
            cmd.CommandText = $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}; PRAGMA journal_mode = WAL;";
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            _initialized = true;
        }
        finally
        {
            _initLock.Release();
        }
    }

    public override string ToString() => $"SQLite({Path.GetFileName(DataSource)})";
}
