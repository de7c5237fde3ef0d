using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;
using Quartz;

namespace Elements.Scheduling.Store;

/// <summary>
/// Creates Quartz's tables (<c>QRTZ_*</c>) in a store when they are missing, with the script the Quartz assembly in use
/// embeds for that database: its column set is the one this Quartz version reads and writes, and every statement is
/// guarded (<c>CREATE ... IF NOT EXISTS</c>), so running it again changes nothing. The whole script runs in one
/// transaction, on PostgreSQL under an advisory lock so that nodes starting together create the tables once.
/// Run by the scheduler's start-up and by <c>elements db sync</c>.
/// </summary>
public static partial class QuartzSchema
{
    /// <summary>Quartz's default table prefix, which the scheduler uses.</summary>
    public const string TablePrefix = "QRTZ_";

    // pg_advisory_xact_lock key of the schema creation: arbitrary, constant, private to this class.
    private const long SchemaLockKey = 0x5154_5A53_4348_454D;

    /// <summary>The tables the script creates (upper case; PostgreSQL folds them to lower case).</summary>
    public static IReadOnlyList<string> TableNames(SchedulerStore store) =>
        [.. Statements(store).Select(s => TableName().Match(s)).Where(m => m.Success).Select(m => m.Groups[1].Value.ToUpperInvariant())];

    /// <summary>Creates what is missing; safe to call from several processes at once.</summary>
    public static async Task EnsureCreatedAsync(SchedulerStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var connection = Open(store);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        // BEGIN IMMEDIATE on SQLite: the write lock is taken up front instead of on the first CREATE.
        await using var transaction = connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: false)
            : await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (store.IsPostgres)
        {
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({SchemaLockKey})", cancellationToken).ConfigureAwait(false);
        }

        foreach (var statement in Statements(store))
        {
            await ExecuteAsync(connection, transaction, statement, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    internal static DbConnection Open(SchedulerStore store) => store.Provider switch
    {
        SchedulerStore.Sqlite => new SqliteConnection(store.ConnectionString),
        SchedulerStore.Postgres => new NpgsqlConnection(store.ConnectionString),
        _ => throw new InvalidOperationException($"the scheduler cannot keep its tables in a '{store.Provider}' database (sqlite or postgres)"),
    };

    private static IEnumerable<string> Statements(SchedulerStore store)
    {
        var resource = store.Provider switch
        {
            SchedulerStore.Sqlite => "Quartz.Impl.AdoJobStore.Schema.create_sqlite.sql",
            SchedulerStore.Postgres => "Quartz.Impl.AdoJobStore.Schema.create_postgres.sql",
            _ => throw new InvalidOperationException($"the scheduler cannot keep its tables in a '{store.Provider}' database (sqlite or postgres)"),
        };
        using var stream = typeof(IScheduler).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"the Quartz assembly carries no schema script '{resource}'");
        using var reader = new StreamReader(stream);
        // {0}: the table prefix; {1}: the same without a schema qualifier (index and constraint names).
        var script = reader.ReadToEnd().Replace("{0}", TablePrefix, StringComparison.Ordinal).Replace("{1}", TablePrefix, StringComparison.Ordinal);
        return Separator().Split(script).Where(s => s.Split('\n').Any(l => l.Trim() is { Length: > 0 } t && !t.StartsWith("--", StringComparison.Ordinal))).ToList();
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    // The scripts separate statements with a line reading exactly "--;;" (StdAdoDelegate.SchemaStatementSeparator).
    [GeneratedRegex(@"^--;;\r?$", RegexOptions.Multiline)]
    private static partial Regex Separator();

    [GeneratedRegex(@"CREATE TABLE IF NOT EXISTS (\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex TableName();
}
