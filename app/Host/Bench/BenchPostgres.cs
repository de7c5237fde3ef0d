using Npgsql;

namespace Elements.Host.Bench;

/// <summary>
/// <c>--postgres</c>: two throwaway databases on the given server, one for the host's <c>databases.Default</c> and one
/// for the hand-written server, so every run starts from empty tables; dropped afterwards.
/// </summary>
internal sealed class BenchPostgres : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string[] _names;

    private BenchPostgres(string admin, string[] names)
    {
        _admin = admin;
        _names = names;
        HostConnectionString = For(names[0]);
        HandWrittenConnectionString = For(names[1]);
    }

    public string HostConnectionString { get; }

    public string HandWrittenConnectionString { get; }

    public static async Task<BenchPostgres> CreateAsync(string connectionString)
    {
        var suffix = Guid.NewGuid().ToString("n")[..12];
        string[] names = [$"elements_bench_{suffix}_host", $"elements_bench_{suffix}_hw"];
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var name in names)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new BenchPostgres(connectionString, names);
    }

    private string For(string database) => new NpgsqlConnectionStringBuilder(_admin) { Database = database }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        foreach (var name in _names)
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
