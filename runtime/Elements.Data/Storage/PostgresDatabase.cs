using System.Data.Common;
using Elements.Data.Dialects;
using Elements.Data.Errors;
using Npgsql;

namespace Elements.Data.Storage;

/// <summary>PostgreSQL through a pooled <see cref="NpgsqlDataSource"/>.</summary>
public sealed class PostgresDatabase : Database
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly string _description;

    public PostgresDatabase(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        NpgsqlDataSourceBuilder builder;
        try
        {
            builder = new NpgsqlDataSourceBuilder(connectionString);
        }
        catch (ArgumentException)
        {
            // Npgsql's message may echo parts of the string; ours must not carry a password.
            throw new DataException(DataErrorCodes.Database, "The PostgreSQL connection string is malformed.");
        }
        builder.ConnectionStringBuilder.Pooling = true;
        // Every operation borrows a pooled connection; we leave no session state behind (transactions always end,
        // no temp tables or SET), so skip the DISCARD ALL that would otherwise run on each return to the pool.
        if (!connectionString.Contains("Reset", StringComparison.OrdinalIgnoreCase))
        {
            builder.ConnectionStringBuilder.NoResetOnClose = true;
        }

        // Npgsql prepares a statement server-side once it has run a few times on a connection (its automatic
        // preparation), so model SQL is parsed and planned once per connection, as on SQLite. Pooled connections keep
        // their prepared statements (NoResetOnClose). An explicit "Max Auto Prepare" (0 turns it off) wins.
        if (!SetsOption(connectionString, "Max Auto Prepare"))
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = MaxAutoPrepare;
        }

        _description = $"{builder.ConnectionStringBuilder.Host}/{builder.ConnectionStringBuilder.Database}";
        _dataSource = builder.Build();
        _ownsDataSource = true;
    }

    public PostgresDatabase(NpgsqlDataSource dataSource, bool ownsDataSource = false)
    {
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        _ownsDataSource = ownsDataSource;
        var csb = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        _description = $"{csb.Host}/{csb.Database}";
    }

    /// <summary>Statements Npgsql keeps prepared per connection unless the connection string says otherwise.</summary>
    public const int MaxAutoPrepare = 128;

    public override string Provider => "postgres";

    internal override SqlDialect Dialect => PostgresDialect.Instance;

    public override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
        => await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public override ValueTask DisposeAsync() => _ownsDataSource ? _dataSource.DisposeAsync() : default;

    // A single statement is atomic on its own; skipping BEGIN/COMMIT saves two round trips per write.
    internal override bool SingleStatementWritesNeedTransaction => false;

    internal override async Task<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken ct)
        => await connection.BeginTransactionAsync(ct).ConfigureAwait(false);

    public override string ToString() => $"PostgreSQL({_description})";

    private static bool SetsOption(string connectionString, string keyword)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return given.Keys.Cast<string>().Any(k => string.Equals(k.Replace(" ", "", StringComparison.Ordinal), keyword.Replace(" ", "", StringComparison.Ordinal),
            StringComparison.OrdinalIgnoreCase));
    }
}
