using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Elements.Data.Errors;
using Elements.Data.Storage;

namespace Elements.Data.Outbox;

/// <summary>
/// The durable queue of asynchronous event runs in one database (table <c>elements_event_outbox</c>). A row is written
/// in the same transaction as the change that causes it (the ambient transaction when there is one), so a committed
/// change always has its row and a rolled-back one never does. Dispatchers claim due rows with a lease
/// (<see cref="ClaimAsync"/>): one UPDATE ... RETURNING sets the claim, so two nodes never hold one row at once, and a
/// node that dies leaves a row whose lease simply expires. Times are Unix milliseconds (dialect-neutral comparisons).
/// </summary>
public sealed class EventOutbox
{
    public const string TableName = "elements_event_outbox";

    public const string Pending = "pending";

    public const string Done = "done";

    public const string Failed = "failed";

    private const int MaxErrorMessageLength = 1000;

    // Per database object: the table is created once per process (outside any transaction, so a rollback cannot undo it).
    private static readonly ConditionalWeakTable<Database, Task> Created = [];

    public EventOutbox(Database database) => Database = database ?? throw new ArgumentNullException(nameof(database));

    public Database Database { get; }

    /// <summary>Creates the table and its index when missing (idempotent; joins the flow's transaction when there is one).</summary>
    public Task EnsureTableAsync(CancellationToken cancellationToken = default)
    {
        if (Created.TryGetValue(Database, out var done) && done.IsCompletedSuccessfully)
        {
            return Task.CompletedTask;
        }

        return CreateAsync(cancellationToken);
    }

    /// <summary>Adds a pending row due at <paramref name="now"/>, in the flow's transaction (or its own); returns its id.</summary>
    public async Task<long> EnqueueAsync(string eventName, string payload, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        ArgumentNullException.ThrowIfNull(payload);
        var ms = now.ToUnixTimeMilliseconds();
        return await ExecAsync(lease => lease.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"INSERT INTO {TableName} (event_name, payload, created_at, attempts, next_attempt_at, status) VALUES (@name, @payload, @now, 0, @now, '{Pending}') RETURNING id",
            new { name = eventName, payload, now = ms }, lease.Transaction, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Claims up to <paramref name="max"/> due pending rows for <paramref name="node"/> until <paramref name="now"/> +
    /// <paramref name="lease"/>, counting an attempt on each. A row claimed by another node whose lease has not expired
    /// is never returned; PostgreSQL skips rows another claim is locking instead of waiting for them.
    /// </summary>
    public async Task<IReadOnlyList<OutboxMessage>> ClaimAsync(string node, TimeSpan lease, int max, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var ms = now.ToUnixTimeMilliseconds();
        var skipLocked = Database.Provider == "postgres" ? " FOR UPDATE SKIP LOCKED" : "";
        // The outer WHERE repeats the due condition: on PostgreSQL a concurrent claim that updated a row first makes
        // this statement re-check the row's new version, which then no longer qualifies.
        var sql = $"""
            UPDATE {TableName} SET claimed_by = @node, claimed_until = @until, attempts = attempts + 1
            WHERE id IN (SELECT id FROM {TableName} WHERE status = '{Pending}' AND next_attempt_at <= @now
                         AND (claimed_until IS NULL OR claimed_until < @now) ORDER BY id LIMIT @max{skipLocked})
              AND status = '{Pending}' AND (claimed_until IS NULL OR claimed_until < @now)
            RETURNING id, event_name, payload, attempts
            """;
        var rows = await ExecAsync(async l => (await l.Connection.QueryAsync<(long Id, string EventName, string Payload, long Attempts)>(new CommandDefinition(
            sql, new { node, until = ms + (long)lease.TotalMilliseconds, now = ms, max }, l.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList(),
            cancellationToken).ConfigureAwait(false);
        return [.. rows.OrderBy(r => r.Id).Select(r => new OutboxMessage(r.Id, r.EventName, r.Payload, (int)r.Attempts))];
    }

    /// <summary>Marks a row this node holds as done; false when its lease was lost (another node may have run it too).</summary>
    public async Task<bool> CompleteAsync(long id, string node, CancellationToken cancellationToken = default)
        => await ExecAsync(l => l.Connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE {TableName} SET status = '{Done}', claimed_by = NULL, claimed_until = NULL WHERE id = @id AND claimed_by = @node",
            new { id, node }, l.Transaction, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false) == 1;

    /// <summary>Deletes the rows that ran and were queued before <paramref name="cutoff"/>; returns how many.</summary>
    public Task<int> PurgeDoneAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
        => ExecAsync(l => l.Connection.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM {TableName} WHERE status = '{Done}' AND created_at < @cutoff",
            new { cutoff = cutoff.ToUnixTimeMilliseconds() }, l.Transaction, cancellationToken: cancellationToken)), cancellationToken);

    /// <summary>
    /// Records a failed run of a row this node holds: pending again from <paramref name="nextAttempt"/>, or
    /// <see cref="Failed"/> for good when <paramref name="final"/>. The message is cut to 1,000 characters.
    /// </summary>
    public async Task<bool> FailAsync(long id, string node, DateTimeOffset nextAttempt, bool final, string errorCode, string errorMessage,
        CancellationToken cancellationToken = default)
    {
        var message = errorMessage.Length > MaxErrorMessageLength ? errorMessage[..MaxErrorMessageLength] : errorMessage;
        return await ExecAsync(l => l.Connection.ExecuteAsync(new CommandDefinition(
            $"""
            UPDATE {TableName} SET status = @status, next_attempt_at = @next, claimed_by = NULL, claimed_until = NULL,
                   last_error_code = @errorCode, last_error_message = @message
            WHERE id = @id AND claimed_by = @node
            """,
            new { id, node, status = final ? Failed : Pending, next = nextAttempt.ToUnixTimeMilliseconds(), errorCode, message }, l.Transaction,
            cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>The latest <paramref name="max"/> rows, newest first, with their state and last error (no payloads).</summary>
    public async Task<IReadOnlyList<OutboxEntry>> RecentAsync(int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var rows = await ExecAsync(l => l.Connection.QueryAsync<(long Id, string EventName, string Status, int Attempts, long CreatedAt, long NextAttemptAt,
            string? ErrorCode, string? ErrorMessage)>(new CommandDefinition(
            $"""
            SELECT id, event_name, status, attempts, created_at, next_attempt_at, last_error_code, last_error_message
            FROM {TableName} ORDER BY id DESC LIMIT @max
            """, new { max }, l.Transaction, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => new OutboxEntry(r.Id, r.EventName, r.Status, r.Attempts, DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt),
            DateTimeOffset.FromUnixTimeMilliseconds(r.NextAttemptAt), r.ErrorCode, r.ErrorMessage))];
    }

    private async Task CreateAsync(CancellationToken ct)
    {
        var key = Database.Provider == "postgres" ? "id bigserial PRIMARY KEY" : "id INTEGER PRIMARY KEY AUTOINCREMENT";
        var text = Database.Provider == "postgres" ? "text" : "TEXT";
        var sql = $"""
            CREATE TABLE IF NOT EXISTS {TableName} (
              {key},
              event_name varchar(255) NOT NULL,
              payload {text} NOT NULL,
              created_at bigint NOT NULL,
              attempts integer NOT NULL DEFAULT 0,
              next_attempt_at bigint NOT NULL,
              claimed_by varchar(200) NULL,
              claimed_until bigint NULL,
              status varchar(16) NOT NULL,
              last_error_code varchar(100) NULL,
              last_error_message {text} NULL);
            CREATE INDEX IF NOT EXISTS ix_{TableName}_due ON {TableName} (status, next_attempt_at);
            """;
        var inTransaction = Database.InTransaction;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecAsync(l => l.Connection.ExecuteAsync(new CommandDefinition(sql, null, l.Transaction, cancellationToken: ct)), ct).ConfigureAwait(false);
                break;
            }
            catch (DataException) when (attempt < 3 && !inTransaction)
            {
                // Two processes creating it at once on PostgreSQL: one loses on the catalog; the table now exists.
            }
        }

        if (!inTransaction)
        {
            Created.AddOrUpdate(Database, Task.CompletedTask);
        }
    }

    private async Task<T> ExecAsync<T>(Func<ConnectionLease, Task<T>> body, CancellationToken ct)
    {
        await using var lease = await Database.AcquireAsync(LeaseKind.Transaction, ct).ConfigureAwait(false);
        try
        {
            var result = await body(lease).ConfigureAwait(false);
            await lease.CompleteAsync(ct).ConfigureAwait(false);
            return result;
        }
        catch (DbException ex)
        {
            lease.MarkFailed();
            throw Database.Translate(ex, null);
        }
    }
}
