using System.Data.Common;

namespace Elements.Scheduling.Store;

/// <summary>
/// Serializes the synchronisation of jobs and triggers across the nodes sharing a store, so that two nodes never both
/// replace one trigger (a replaced trigger starts over and could fire a second time for a time already fired). On
/// PostgreSQL a session advisory lock; on SQLite, which one process owns, an in-process lock.
/// </summary>
internal sealed class StoreLock : IAsyncDisposable
{
    private const long SyncLockKey = 0x5154_5A53_594E_4331;
    private static readonly SemaphoreSlim LocalGate = new(1, 1);

    private readonly DbConnection? _connection;
    private readonly bool _local;

    private StoreLock(DbConnection? connection, bool local)
    {
        _connection = connection;
        _local = local;
    }

    public static async Task<StoreLock> AcquireAsync(SchedulerStore store, CancellationToken ct)
    {
        if (!store.IsPostgres)
        {
            await LocalGate.WaitAsync(ct).ConfigureAwait(false);
            return new StoreLock(null, local: true);
        }

        var connection = QuartzSchema.Open(store);
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT pg_advisory_lock({SyncLockKey})";
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return new StoreLock(connection, local: false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static void ClearPool(DbConnection connection)
    {
        if (connection is Npgsql.NpgsqlConnection npgsql)
        {
            Npgsql.NpgsqlConnection.ClearPool(npgsql);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_local)
        {
            LocalGate.Release();
        }

        if (_connection is not null)
        {
            try
            {
                // Explicitly: a pooled connection returned without a reset would keep the session, and the lock, alive.
                await using var command = _connection.CreateCommand();
                command.CommandText = $"SELECT pg_advisory_unlock({SyncLockKey})";
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            catch (DbException)
            {
                // A broken connection: its session, and the lock with it, ends when the pool discards it.
                ClearPool(_connection);
            }
            finally
            {
                await _connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
