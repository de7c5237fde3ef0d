using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Xunit;

namespace Elements.Testing.Postgres;

/// <summary>
/// A PostgreSQL server for tests, meant as an xunit collection fixture
/// (<c>[CollectionDefinition("postgres")] class PostgresCollection : ICollectionFixture&lt;PostgresServer&gt;</c>).
/// Uses <c>ELEMENTS_TEST_PG</c> (a connection string to a server whose user may CREATE DATABASE) when set; otherwise
/// starts a throwaway cluster from <c>/usr/lib/postgresql/*/bin</c> (or <c>ELEMENTS_TEST_PG_BIN</c>) in a temp dir on a
/// free loopback port, and stops and deletes it on dispose. When neither works, initialization fails with the reason:
/// PostgreSQL tests are never skipped silently.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string ConnectionStringVariable = "ELEMENTS_TEST_PG";
    public const string BinDirectoryVariable = "ELEMENTS_TEST_PG_BIN";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private string? _adminConnectionString;
    private string? _clusterDirectory;
    private string? _binDirectory;
    private bool _runAsPostgres;
    private int _databaseCounter;

    // CREATE DATABASE costs ~200 ms (it copies template1), a test ~50 ms: create a few ahead, in parallel.
    private const int Prefetch = 4;
    private readonly ConcurrentQueue<Task<string>> _prefetched = new();

    /// <summary>Connection string of the maintenance database (<c>postgres</c>) with rights to create databases.</summary>
    public string AdminConnectionString => _adminConnectionString ?? throw new InvalidOperationException("PostgresServer is not initialized.");

    /// <summary>True when this fixture started (and will delete) its own cluster.</summary>
    public bool IsThrowaway => _clusterDirectory is not null;

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            _adminConnectionString = external;
            await WaitForServerAsync(external, TimeSpan.FromSeconds(15), null).ConfigureAwait(false);
            return;
        }
        _binDirectory = FindBinDirectory() ?? throw new InvalidOperationException(
            $"PostgreSQL tests need a server: set {ConnectionStringVariable} to a connection string, or install PostgreSQL " +
            $"(initdb and pg_ctl under /usr/lib/postgresql/<version>/bin, or set {BinDirectoryVariable}).");
        await StartClusterAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Returns the connection string of a new, empty database. Names are unique per server. On a throwaway cluster
    /// databases are created ahead of demand, so the name does not carry <paramref name="prefix"/> there.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "t", CancellationToken cancellationToken = default)
    {
        if (!IsThrowaway)
        {
            return await CreateDatabaseNowAsync(prefix, cancellationToken).ConfigureAwait(false);
        }

        while (_prefetched.Count < Prefetch)
        {
            _prefetched.Enqueue(CreateDatabaseNowAsync("t", CancellationToken.None));
        }

        if (!_prefetched.TryDequeue(out var next))
        {
            next = CreateDatabaseNowAsync("t", cancellationToken);
        }

        _prefetched.Enqueue(CreateDatabaseNowAsync("t", CancellationToken.None));
        return await next.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> CreateDatabaseNowAsync(string prefix, CancellationToken cancellationToken)
    {
        var safe = new string(prefix.ToLowerInvariant().Where(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_').Take(30).ToArray());
        var name = $"{(safe.Length == 0 ? "t" : safe)}_{Environment.ProcessId}_{Interlocked.Increment(ref _databaseCounter)}_{Guid.NewGuid().ToString("N")[..6]}";
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // On our fsync=off cluster FILE_COPY takes ~15 ms against ~200 ms for PG 15's default WAL_LOG strategy; on
            // an external (durable) server its checkpoints would be slow, so keep the default there.
            var strategy = IsThrowaway && connection.PostgreSqlVersion.Major >= 15 ? " STRATEGY FILE_COPY" : "";
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"{strategy}", connection);
            await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, disconnecting any remaining sessions.</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        if (string.IsNullOrEmpty(name) || name == "postgres")
        {
            return;
        }

        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\" WITH (FORCE)", connection);
        await cmd.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private void StopOnExit(object? sender, EventArgs e)
    {
        if (_clusterDirectory is null)
        {
            return;
        }

        try
        {
            RunAsync(Path.Combine(_binDirectory!, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], TimeSpan.FromSeconds(10))
                .GetAwaiter().GetResult();
            Directory.Delete(_clusterDirectory, recursive: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
        }
    }

    public async Task DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= StopOnExit;
        while (_prefetched.TryDequeue(out var pending))
        {
            try
            {
                await pending.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                // Unused databases go away with the cluster.
            }
        }
        NpgsqlConnection.ClearAllPools();
        if (_clusterDirectory is null)
        {
            return;
        }

        try
        {
            await RunAsync(Path.Combine(_binDirectory!, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"], TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already gone; deleting the directory is all that is left.
        }
        try
        {
            Directory.Delete(_clusterDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        _clusterDirectory = null;
    }

    private string DataDirectory => Path.Combine(_clusterDirectory!, "data");

    private string LogFile => Path.Combine(_clusterDirectory!, "server.log");

    private async Task StartClusterAsync()
    {
        _clusterDirectory = Path.Combine(Path.GetTempPath(), "elements-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_clusterDirectory);
        // postgres refuses to run as root: hand the directory to the postgres user and run the tools as that user.
        _runAsPostgres = Environment.UserName == "root";
        if (_runAsPostgres)
        {
            await RunAsync("chown", ["postgres:postgres", _clusterDirectory], TimeSpan.FromSeconds(10), asPostgres: false).ConfigureAwait(false);
        }

        await RunAsync(Path.Combine(_binDirectory!, "initdb"),
            ["-D", DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"], TimeSpan.FromSeconds(60)).ConfigureAwait(false);

        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var port = FreePort();
            var options = string.Join(' ',
                $"-p {port.ToString(CultureInfo.InvariantCulture)}", $"-k {_clusterDirectory}", "-c listen_addresses=127.0.0.1",
                // Durability is pointless for a throwaway cluster; these make CREATE DATABASE and commits fast.
                "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off", "-c max_connections=300");
            try
            {
                await RunAsync(Path.Combine(_binDirectory!, "pg_ctl"),
                    ["-D", DataDirectory, "-l", LogFile, "-w", "-t", ((int)StartTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture), "-o", options, "start"],
                    StartTimeout + TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                var cs = new NpgsqlConnectionStringBuilder
                {
                    Host = "127.0.0.1",
                    Port = port,
                    Username = "postgres",
                    Database = "postgres",
                    Pooling = true,
                    MaxPoolSize = 200,
                    Timeout = 15,
                }.ConnectionString;
                // If the test host dies without disposing fixtures, still stop the server rather than orphan it.
                AppDomain.CurrentDomain.ProcessExit -= StopOnExit;
                AppDomain.CurrentDomain.ProcessExit += StopOnExit;
                await WaitForServerAsync(cs, TimeSpan.FromSeconds(20), LogFile).ConfigureAwait(false);
                _adminConnectionString = cs;
                return;
            }
            catch (InvalidOperationException ex)
            {
                // Most likely another process took the port between probing and binding: try another.
                last = ex;
            }
        }
        var log = ReadLog();
        await DisposeAsync().ConfigureAwait(false);
        throw new InvalidOperationException($"Could not start a throwaway PostgreSQL cluster: {last?.Message}\nServer log:\n{log}", last);
    }

    private async Task WaitForServerAsync(string connectionString, TimeSpan timeout, string? logFile)
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < timeout)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync().ConfigureAwait(false);
                await using var cmd = new NpgsqlCommand("SELECT 1", connection);
                await cmd.ExecuteScalarAsync().ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or SocketException)
            {
                last = ex;
                await Task.Delay(100).ConfigureAwait(false);
            }
        }
        var where = new NpgsqlConnectionStringBuilder(connectionString);
        // Describe the target by host/port/database only: the connection string may hold a password.
        throw new InvalidOperationException(
            $"PostgreSQL at {where.Host}:{where.Port}/{where.Database} did not accept connections within {timeout.TotalSeconds:0}s: {last?.Message}" +
            (logFile is null ? "" : $"\nServer log:\n{ReadLog()}"), last);
    }

    private string ReadLog()
    {
        try
        {
            return _clusterDirectory is not null && File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no log)";
        }
        catch (IOException)
        {
            return "(log unreadable)";
        }
    }

    private Task RunAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout) => RunAsync(fileName, arguments, timeout, _runAsPostgres);

    private static async Task RunAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, bool asPostgres)
    {
        var psi = new ProcessStartInfo
        {
            FileName = asPostgres ? "runuser" : fileName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", fileName })
            {
                psi.ArgumentList.Add(a);
            }
        }
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["LC_ALL"] = "C";
        psi.Environment["LANG"] = "C";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(fileName)} did not finish within {timeout.TotalSeconds:0}s.");
        }
        // pg_ctl start leaves the server holding our pipes; don't wait for EOF after the tool itself exited.
        var output = await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(2000)).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            var text = stdout.IsCompletedSuccessfully && stderr.IsCompletedSuccessfully ? stdout.Result + stderr.Result : "";
            throw new InvalidOperationException($"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} exited with {process.ExitCode}: {text.Trim()}");
        }
        _ = output;
    }

    private static string? FindBinDirectory()
    {
        var explicitBin = Environment.GetEnvironmentVariable(BinDirectoryVariable);
        if (!string.IsNullOrWhiteSpace(explicitBin))
        {
            return File.Exists(Path.Combine(explicitBin, "initdb")) ? explicitBin : null;
        }

        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.GetDirectories(root)
            .Select(d => (Dir: Path.Combine(d, "bin"), Version: double.TryParse(Path.GetFileName(d), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0))
            .Where(x => File.Exists(Path.Combine(x.Dir, "initdb")) && File.Exists(Path.Combine(x.Dir, "pg_ctl")))
            .OrderByDescending(x => x.Version)
            .Select(x => x.Dir)
            .FirstOrDefault();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
