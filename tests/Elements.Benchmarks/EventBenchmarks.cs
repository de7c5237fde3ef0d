using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Dapper;
using Elements.Data.Outbox;
using Elements.Data.Storage;
using Elements.Std.Models;

namespace Elements.Benchmarks;

/// <summary>
/// Issue #17: what an asynchronous <c>AddAfter</c> event adds to <c>create</c>. Two identical models in one SQLite
/// database, one watched by an <c>asyncType</c> event (its outbox row is written in the insert's transaction; the
/// handler runs later, on the scheduler, so it is not part of the caller's cost), one by a synchronous event whose
/// handler does nothing (context: the cost of the event machinery itself), and one watched by none (the baseline).
/// Each call is one durable commit. Target: the async event ≤ 1.3× the baseline. For the floor, the same two writes by
/// hand with Dapper: one INSERT on its own, and the INSERT plus the outbox row in one transaction.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class EventBenchmarks
{
    private EventApp _app = null!;
    private int _n;

    private const string InsertSql = "INSERT INTO \"models_Plain\" (\"name\", \"qty\") VALUES (@name, @qty)";
    private const string OutboxSql =
        $"INSERT INTO {EventOutbox.TableName} (event_name, payload, created_at, attempts, next_attempt_at, status) VALUES (@name, @payload, @now, 0, @now, 'pending')";

    private Database _database = null!;

    [GlobalSetup]
    public void Setup()
    {
        _app = EventApp.CreateAsync().GetAwaiter().GetResult();
        _database = _app.Plain.DatabaseElement.Database;
    }

    [GlobalCleanup]
    public void Cleanup() => _app.Dispose();

    [Benchmark(Baseline = true)]
    public Task<JsonNode?> Create_without_events() => Create(_app.Plain);

    [Benchmark]
    public Task<JsonNode?> Create_with_async_AddAfter_event() => Create(_app.Outboxed);

    [Benchmark]
    public Task<JsonNode?> Create_with_sync_AddAfter_event() => Create(_app.Watched);

    [Benchmark]
    public async Task<int> Dapper_insert()
    {
        await using var connection = await _database.OpenConnectionAsync().ConfigureAwait(false);
        return await connection.ExecuteAsync(InsertSql, new { name = "order " + Interlocked.Increment(ref _n), qty = 3 }).ConfigureAwait(false);
    }

    [Benchmark]
    public async Task<int> Dapper_insert_and_outbox_row_in_one_transaction()
    {
        await using var connection = await _database.OpenConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        var name = "order " + Interlocked.Increment(ref _n);
        await connection.ExecuteAsync(InsertSql, new { name, qty = 3 }, transaction).ConfigureAwait(false);
        var payload = new JsonObject { ["eventId"] = Guid.NewGuid().ToString("N"), ["payload"] = new JsonObject { ["name"] = name, ["qty"] = 3 } }.ToJsonString();
        var written = await connection.ExecuteAsync(OutboxSql, new { name = "events.OutboxedAdded", payload, now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, transaction)
            .ConfigureAwait(false);
        await transaction.CommitAsync().ConfigureAwait(false);
        return written;
    }

    private Task<JsonNode?> Create(ModelElement model) =>
        model.CreateAsync(new JsonObject { ["name"] = "order " + Interlocked.Increment(ref _n), ["qty"] = 3 });
}
