using Elements.Activation;
using Elements.Data.Storage;
using Elements.Scheduling.Store;

namespace Elements.Std.Databases;

/// <summary>
/// Base of the <c>databases.*</c> Types: one <see cref="Data.Database"/> per activated element, shared by every model
/// that names it, so ambient transactions started here are joined by those models (transactions are per instance).
/// </summary>
public abstract class DatabaseElement : IAsyncDisposable, IDisposable
{
    private readonly Lazy<Database> _database;
    private int _disposed;

    protected DatabaseElement(ElementContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        FullName = context.FullName;
        // Opening nothing at activation keeps GetElement cheap and lets config errors surface at first real use;
        // ExecutionAndPublication guarantees one pool per element even under concurrent first use.
        _database = new Lazy<Database>(CreateDatabase, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string FullName { get; }

    /// <summary>The database (pooled; do not dispose it, the element owns it).</summary>
    public Database Database
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
            return _database.Value;
        }
    }

    /// <summary><c>sqlite</c> or <c>postgres</c>.</summary>
    public string Provider => Database.Provider;

    /// <summary>
    /// Starts a transaction that model operations on this database in the current async flow join. Not an async
    /// method on purpose: the ambient transaction must be set in the caller's execution context, which an async
    /// method's own context would hide from it.
    /// </summary>
    public Task<DatabaseTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default) =>
        Database.BeginTransactionAsync(cancellationToken);

    /// <summary>Runs <paramref name="work"/> in a transaction: committed when it returns, rolled back when it throws.</summary>
    public async Task<T> RunInTransactionAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var transaction = await Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var result = await work(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <inheritdoc cref="RunInTransactionAsync{T}"/>
    public Task RunInTransactionAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunInTransactionAsync(async ct =>
        {
            await work(ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _database.IsValueCreated)
        {
            await _database.Value.DisposeAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    // Database.ToString names only the file or host/database, never credentials.
    public override string ToString() => _database.IsValueCreated ? $"{FullName} ({_database.Value})" : FullName;

    /// <summary>Where the scheduler keeps its tables in this database (provider and connection string; internal because
    /// the connection string may carry a password).</summary>
    internal abstract SchedulerStore SchedulerStore { get; }

    /// <summary>Builds the database from the element's config; called once, on first use.</summary>
    protected abstract Database CreateDatabase();
}
