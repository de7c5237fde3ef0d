using System.Text.Json.Nodes;
using Elements.Data.Errors;
using Elements.Data.Filters;
using Elements.Data.Storage;
using Elements.Data.Tests.Support;

namespace Elements.Data.Tests.Providers;

public abstract class TransactionTests(IDatabaseProvider provider) : ProviderTestBase(provider)
{
    private const string OrdersJson = """
        {"table": "orders", "fields": [
          {"name": "personEmail", "dataType": "Stext"},
          {"name": "total", "dataType": "Money"}
        ]}
        """;

    [Fact]
    public async Task Multi_model_write_rolls_back_together()
    {
        var people = await StoreAsync(PeopleJson);
        var orders = await StoreAsync(OrdersJson);
        await using (var tx = await Db.BeginTransactionAsync())
        {
            Assert.True(tx.IsOwner);
            Assert.True(Db.InTransaction);
            await people.CreateAsync(Obj("""{"name": "Ann", "email": "ann@x.io"}"""));
            await orders.CreateAsync(Obj("""{"personEmail": "ann@x.io", "total": 10}"""));
            // Reads in the transaction see its own writes.
            Assert.Equal(1, await people.CountAsync());
            // No commit: disposal rolls back.
        }
        Assert.False(Db.InTransaction);
        Assert.Equal(0, await RawCountAsync("people"));
        Assert.Equal(0, await RawCountAsync("orders"));
    }

    [Fact]
    public async Task Multi_model_write_commits_together()
    {
        var people = await StoreAsync(PeopleJson);
        var orders = await StoreAsync(OrdersJson);
        await using (var tx = await Db.BeginTransactionAsync())
        {
            await people.CreateAsync(Obj("""{"name": "Ann", "email": "ann@x.io"}"""));
            await orders.CreateAsync(Obj("""{"personEmail": "ann@x.io", "total": 10}"""));
            await tx.CommitAsync();
        }
        Assert.Equal(1, await RawCountAsync("people"));
        Assert.Equal(1, await RawCountAsync("orders"));
    }

    [Fact]
    public async Task Failure_midway_leaves_nothing()
    {
        var people = await StoreAsync(PeopleJson);
        var orders = await StoreAsync(OrdersJson);
        await people.CreateAsync(Obj("""{"name": "Old", "email": "old@x.io"}"""));
        var ex = await Assert.ThrowsAsync<ConstraintViolationException>(async () =>
        {
            await using var tx = await Db.BeginTransactionAsync();
            await orders.CreateAsync(Obj("""{"personEmail": "old@x.io", "total": 5}"""));
            await people.CreateAsync(Obj("""{"name": "Dup", "email": "old@x.io"}"""));
            await tx.CommitAsync();
        });
        Assert.Equal(["email"], ex.Fields);
        Assert.Equal(1, await RawCountAsync("people"));
        Assert.Equal(0, await RawCountAsync("orders"));
    }

    [Fact]
    public async Task A_failed_statement_dooms_the_transaction_even_if_caught()
    {
        var people = await StoreAsync(PeopleJson);
        await people.CreateAsync(Obj("""{"name": "Old", "email": "old@x.io"}"""));
        var ex = await Assert.ThrowsAsync<DataException>(async () =>
        {
            await using var tx = await Db.BeginTransactionAsync();
            await people.CreateAsync(Obj("""{"name": "New", "email": "new@x.io"}"""));
            await Assert.ThrowsAsync<ConstraintViolationException>(() => people.CreateAsync(Obj("""{"name": "Dup", "email": "old@x.io"}""")));
            await tx.CommitAsync();
        });
        Assert.Equal("DB_TRANSACTION", ex.Code);
        Assert.Equal(1, await RawCountAsync("people"));
    }

    [Fact]
    public async Task Ambient_transaction_flows_across_awaits_and_helpers()
    {
        var people = await StoreAsync(PeopleJson);
        var orders = await StoreAsync(OrdersJson);
        await using (var tx = await Db.BeginTransactionAsync())
        {
            await Task.Yield();
            await AddPersonAsync(people, "a");
            await Task.Delay(10);
            await Task.Run(() => orders.CreateAsync(Obj("""{"personEmail": "a@x.io", "total": 1}""")));
            await Task.WhenAll(AddPersonAsync(people, "b"), AddPersonAsync(people, "c"));
        }
        Assert.Equal(0, await RawCountAsync("people"));
        Assert.Equal(0, await RawCountAsync("orders"));
    }

    private static async Task AddPersonAsync(ModelStore people, string name)
    {
        await Task.Yield();
        await people.CreateAsync(new JsonObject { ["name"] = name, ["email"] = name + "@x.io" });
    }

    [Fact]
    public async Task Nested_begin_joins_the_outer_transaction()
    {
        var people = await StoreAsync(PeopleJson);
        await using (var outer = await Db.BeginTransactionAsync())
        {
            await using (var inner = await Db.BeginTransactionAsync())
            {
                Assert.False(inner.IsOwner);
                await people.CreateAsync(Obj("""{"name": "inner"}"""));
                await inner.CommitAsync();
            }
            await people.CreateAsync(Obj("""{"name": "outer"}"""));
            await outer.CommitAsync();
        }
        Assert.Equal(2, await RawCountAsync("people"));

        // An inner rollback dooms the outer unit: its commit fails and nothing is written.
        var ex = await Assert.ThrowsAsync<DataException>(async () =>
        {
            await using var outer = await Db.BeginTransactionAsync();
            await people.CreateAsync(Obj("""{"name": "x"}"""));
            await using (var inner = await Db.BeginTransactionAsync())
            {
                await people.CreateAsync(Obj("""{"name": "y"}"""));
                await inner.RollbackAsync();
            }
            await outer.CommitAsync();
        });
        Assert.Equal("DB_TRANSACTION", ex.Code);
        Assert.Equal(2, await RawCountAsync("people"));
    }

    [Fact]
    public async Task Composite_operations_join_an_explicit_transaction()
    {
        var people = await StoreAsync(PeopleJson);
        await using (var tx = await Db.BeginTransactionAsync())
        {
            await people.CreateOrUpdateManyAsync([Obj("""{"name": "a"}"""), Obj("""{"name": "b"}""")]);
            await people.UpdateOrAddAsync(Q.Eq("name", "c"), Obj("{}"), Obj("""{"name": "c"}"""));
        }
        Assert.Equal(0, await RawCountAsync("people"));
    }

    [Fact]
    public async Task Operations_after_the_transaction_do_not_join_it()
    {
        var people = await StoreAsync(PeopleJson);
        var tx = await Db.BeginTransactionAsync();
        await people.CreateAsync(Obj("""{"name": "in"}"""));
        await tx.CommitAsync();
        await tx.DisposeAsync();
        Assert.False(Db.InTransaction);
        await people.CreateAsync(Obj("""{"name": "after"}"""));
        Assert.Equal(2, await RawCountAsync("people"));
        await Assert.ThrowsAsync<DataException>(() => tx.CommitAsync());
    }
}
