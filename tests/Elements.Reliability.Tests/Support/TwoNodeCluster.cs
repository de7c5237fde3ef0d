using System.Security.Cryptography;
using Elements.Testing.Postgres;

namespace Elements.Reliability.Tests.Support;

/// <summary>
/// Two host processes (A and B) on different loopback ports, each with its own copy of the sample app, sharing one
/// PostgreSQL database, one field-protection key and one WeChat sandbox: what N nodes behind a load balancer are.
/// Both start at once, so they also race to create the schema. The PostgreSQL server is this fixture's own
/// (<see cref="PostgresServer"/>: <c>ELEMENTS_TEST_PG</c>, or a throwaway cluster), so the class runs in parallel with
/// the load tests.
/// </summary>
public sealed class TwoNodeCluster : IAsyncLifetime
{
    private readonly PostgresServer _server = new();
    private readonly List<NodeAppFolder> _folders = [];
    private string? _connectionString;

    internal SharedSandbox Sandbox { get; private set; } = null!;

    internal HostProcess A { get; private set; } = null!;

    internal HostProcess B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        _connectionString = await _server.CreateDatabaseAsync("nodes");
        Sandbox = await SharedSandbox.StartAsync();
        var environment = new Dictionary<string, string>
        {
            // Sized as a deployment should be (docs/reliability.md): a burst of 100 calls per node queues for 20 pooled
            // connections instead of forking 100 PostgreSQL backends per node at once, which on a loaded 2-core CI
            // machine took longer than Npgsql's 15 s connect timeout (DB_ERROR for half of the burst).
            ["PG_CONN"] = _connectionString + ";Maximum Pool Size=20",
            // Both nodes must decrypt what the other stored (the session_key inside a bindCode, for one).
            ["Elements__FieldProtection__Key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        _folders.Add(NodeAppFolder.Create(postgres: true));
        _folders.Add(NodeAppFolder.Create(postgres: true));
        var a = HostProcess.StartAsync("A", _folders[0], Sandbox, environment);
        var b = HostProcess.StartAsync("B", _folders[1], Sandbox, environment);
        try
        {
            await Task.WhenAll(a, b);
        }
        finally
        {
            // Whatever started is disposed with the fixture, also when the other node failed to start.
            A = a.IsCompletedSuccessfully ? a.Result : null!;
            B = b.IsCompletedSuccessfully ? b.Result : null!;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var node in new[] { A, B })
        {
            if (node is not null)
            {
                await node.DisposeAsync();
            }
        }

        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }

        foreach (var folder in _folders)
        {
            folder.Dispose();
        }

        if (_connectionString is not null)
        {
            await _server.DropDatabaseAsync(_connectionString);
        }

        await _server.DisposeAsync();
    }
}
