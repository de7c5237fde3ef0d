using System.Text.Json.Nodes;
using Elements.Data.Filters;
using Elements.Data.Tests.Support;

namespace Elements.Data.Tests.Providers;

public abstract class ConcurrencyTests(IDatabaseProvider provider) : ProviderTestBase(provider)
{
    [Fact]
    public async Task Hundred_parallel_writers_all_succeed()
    {
        var people = await StoreAsync(PeopleJson);
        var counters = await StoreAsync("""{"table": "counters", "fields": [{"name": "n", "dataType": "Integer"}]}""");
        var counter = await counters.CreateAsync(Obj("""{"n": 0}"""));
        var key = (long)counter["id"]!;
        var start = new TaskCompletionSource();
        var writers = Enumerable.Range(0, 100).Select(i => Task.Run(async () =>
        {
            await start.Task;
            await people.CreateAsync(new JsonObject { ["name"] = $"w{i}", ["email"] = $"w{i}@x.io" });
            // Read-modify-write in one transaction: must neither fail nor lose an update.
            await using var tx = await Db.BeginTransactionAsync();
            var current = (long)(await counters.GetByPKAsync(key))!["n"]!;
            await counters.UpdateByPKAsync(key, new JsonObject { ["n"] = current + 1 });
            await people.UpdateByFilterAsync(Q.Eq("email", $"w{i}@x.io"), new JsonObject { ["age"] = i });
            await tx.CommitAsync();
        })).ToList();
        start.SetResult();
        await Task.WhenAll(writers);

        Assert.Equal(100, await RawCountAsync("people"));
        Assert.Equal(100, (await people.QueryAsync(Q.Field("age", "isnull", false))).TotalCount);
        if (!IsPostgres)
        {
            // SQLite's BEGIN IMMEDIATE serializes writers, so no increment is lost.
            Assert.Equal(100L, (long)(await counters.GetByPKAsync(key))!["n"]!);
        }
    }

    [Fact]
    public async Task Parallel_counter_updates_each_get_a_distinct_count_and_exactly_one_reaches_the_limit()
    {
        var throttles = await StoreAsync("""
            {"table": "throttles", "fields": [{"name": "k", "dataType": "Stext", "unique": true}, {"name": "n", "dataType": "Integer"},
              {"name": "lockedUntil", "dataType": "Datetime"}, {"name": "note", "dataType": "Stext"}]}
            """);
        await throttles.CreateAsync(Obj("""{"k": "u", "n": 0}"""));
        var unlocked = Q.And(Q.Eq("k", "u"), Q.Eq("lockedUntil", null));
        var start = new TaskCompletionSource();
        var updates = Enumerable.Range(0, 60).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await throttles.IncrementByFilterAsync(unlocked, "n", restartWhen: null, limit: 10,
                whenReached: new JsonObject { ["lockedUntil"] = "2100-01-01T00:00:00Z", ["note"] = "locked" },
                otherwise: new JsonObject { ["note"] = "counted" });
        })).ToList();
        start.SetResult();
        var results = await Task.WhenAll(updates);

        // Ten updates matched (counts 1..10, each once); the tenth locked the row, so the other fifty matched nothing.
        var counted = results.Where(r => r.Count == 1).Select(r => r[0]).ToList();
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), counted.Select(r => (long)r["n"]!).Order());
        Assert.Single(counted, r => (string?)r["note"] == "locked" && r["lockedUntil"] is not null);
        Assert.Equal(10L, (long)(await throttles.GetAsync(Q.Eq("k", "u")))!["n"]!);

        // restartWhen starts the count again; a field named only in whenReached keeps its value otherwise.
        var restarted = await throttles.IncrementByFilterAsync(Q.Eq("k", "u"), "n", restartWhen: Q.Eq("k", "u"), limit: 10,
            whenReached: new JsonObject { ["note"] = "x" }, otherwise: new JsonObject());
        Assert.Equal(1L, (long)restarted.Single()["n"]!);
        Assert.Equal("locked", (string?)restarted.Single()["note"]);
        Assert.NotNull(restarted.Single()["lockedUntil"]);
    }
}
