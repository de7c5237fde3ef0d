using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Elements.Std.Models;

namespace Elements.Benchmarks;

/// <summary>
/// Issue #17: what an asynchronous <c>AddAfter</c> event adds to <c>create</c>. Two identical models in one SQLite
/// database, one watched by an <c>asyncType</c> event (its outbox row is written in the insert's transaction; the
/// handler runs later, on the scheduler, so it is not part of the caller's cost), one by a synchronous event whose
/// handler does nothing (context: the cost of the event machinery itself), and one watched by none (the baseline).
/// Each call is one durable commit. Target: the async event ≤ 1.3× the baseline.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 15)]
public class EventBenchmarks
{
    private EventApp _app = null!;
    private int _n;

    [GlobalSetup]
    public void Setup() => _app = EventApp.CreateAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _app.Dispose();

    [Benchmark(Baseline = true)]
    public Task<JsonNode?> Create_without_events() => Create(_app.Plain);

    [Benchmark]
    public Task<JsonNode?> Create_with_async_AddAfter_event() => Create(_app.Outboxed);

    [Benchmark]
    public Task<JsonNode?> Create_with_sync_AddAfter_event() => Create(_app.Watched);

    private Task<JsonNode?> Create(ModelElement model) =>
        model.CreateAsync(new JsonObject { ["name"] = "order " + Interlocked.Increment(ref _n), ["qty"] = 3 });
}
