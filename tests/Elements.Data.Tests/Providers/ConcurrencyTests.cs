using System.Text.Json.Nodes;

namespace Elements.Data.Tests;

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
}
