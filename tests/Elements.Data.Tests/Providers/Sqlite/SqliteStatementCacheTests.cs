using System.Collections.Concurrent;
using Dapper;
using Elements.Data.Errors;
using Elements.Data.Filters;
using Elements.Data.Storage;
using Elements.Data.Storage.Sqlite;
using Elements.Data.Tests.Support;

namespace Elements.Data.Tests.Providers.Sqlite;

/// <summary>
/// SQLite model operations run on the database's own open connections, each keeping its prepared statements: a
/// statement is parsed once per connection, and reuse must never show stale rows, a stale schema or a poisoned statement.
/// </summary>
public sealed class SqliteStatementCacheTests() : ProviderTestBase(new SqliteProvider())
{
    private const string People = """
        {"table": "cache_people", "fields": [
          {"name": "id", "dataType": "AutoInt", "primaryKey": true},
          {"name": "name", "dataType": "Stext", "unique": true},
          {"name": "age", "dataType": "Integer"}]}
        """;

    private SqliteDatabase Sqlite => (SqliteDatabase)Db;

    [Fact]
    public async Task A_repeated_statement_is_prepared_once_per_connection()
    {
        var store = await StoreAsync(People);
        await store.CreateAsync(Obj("""{"name": "Ann", "age": 30}"""));
        var connection = (Microsoft.Data.Sqlite.SqliteConnection)await Db.RentConnectionAsync(default);
        var statements = Pool.StatementsOf(connection)!;
        await Db.ReturnConnectionAsync(connection);

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal("Ann", (string?)(await store.GetAsync(Q.Eq("age", 30)))!["name"]);
        }

        // One connection served every sequential call, and it holds each distinct SQL text once: the INSERT and the SELECT.
        var before = statements.Count;
        Assert.Equal(2, before);
        for (var i = 0; i < 50; i++)
        {
            await store.GetAsync(Q.Eq("age", 31 + i));
        }

        Assert.Equal(before, statements.Count);
        Assert.Equal(1, Pool.IdleCount);
    }

    [Fact]
    public async Task A_reused_statement_sees_rows_written_through_another_connection()
    {
        var store = await StoreAsync(People);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(i, await store.CountAsync(Q.Field("age", ">", 0)));
            // Written behind the pool's back: a reused statement must not keep an old read snapshot.
            await using var raw = await Db.OpenConnectionAsync();
            await raw.ExecuteAsync("INSERT INTO cache_people (name, age) VALUES (@n, 1)", new { n = "p" + i });
        }

        Assert.Equal(20, await store.CountAsync(Q.Field("age", ">", 0)));
    }

    [Fact]
    public async Task A_failed_statement_leaves_its_cached_command_usable()
    {
        var store = await StoreAsync(People);
        await store.CreateAsync(Obj("""{"name": "Ann", "age": 30}"""));
        for (var i = 0; i < 10; i++)
        {
            var clash = await Assert.ThrowsAsync<ConstraintViolationException>(() => store.CreateAsync(Obj("""{"name": "Ann", "age": 30}""")));
            Assert.Equal("unique", clash.Kind);
            var created = await store.CreateAsync(Obj($$"""{"name": "n{{i}}", "age": 30}"""));
            Assert.Equal("n" + i, (string?)created["name"]);
        }

        Assert.Equal(11, await store.CountAsync());
    }

    [Fact]
    public async Task Statements_follow_a_column_added_after_they_were_prepared()
    {
        var store = await StoreAsync(People);
        await store.CreateAsync(Obj("""{"name": "Ann", "age": 30}"""));
        Assert.NotNull(await store.GetAsync(Q.Eq("name", "Ann")));

        var wider = await StoreAsync("""
            {"table": "cache_people", "fields": [
              {"name": "id", "dataType": "AutoInt", "primaryKey": true},
              {"name": "name", "dataType": "Stext", "unique": true},
              {"name": "age", "dataType": "Integer"},
              {"name": "city", "dataType": "Stext"}]}
            """);
        await wider.CreateAsync(Obj("""{"name": "Bo", "age": 5, "city": "Xi'an"}"""));

        Assert.Equal("Xi'an", (string?)(await wider.GetAsync(Q.Eq("name", "Bo")))!["city"]);
        Assert.Equal(30L, (long?)(await store.GetAsync(Q.Eq("name", "Ann")))!["age"]);
    }

    [Fact]
    public async Task Concurrent_operations_each_get_their_own_connection_and_the_pool_stays_bounded()
    {
        var store = await StoreAsync(People);
        var errors = new ConcurrentBag<Exception>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 400), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, ct) =>
        {
            try
            {
                await store.CreateAsync(Obj($$"""{"name": "c{{i}}", "age": {{i % 7}}}"""), ct);
                await store.QueryAsync(Q.Eq("age", i % 7), cancellationToken: ct);
            }
            catch (Exception ex)
            {
                errors.Add(ex);
            }
        });

        Assert.Empty(errors);
        Assert.Equal(400, await store.CountAsync());
        Assert.InRange(Pool.IdleCount, 1, SqliteConnectionPool.MaxIdle);
    }

    [Fact]
    public async Task Tracing_reports_each_statement_until_disposed()
    {
        var store = await StoreAsync(People);
        var seen = new ConcurrentQueue<string>();
        using (Sqlite.TraceStatements(seen.Enqueue))
        {
            await store.CreateAsync(Obj("""{"name": "Ann", "age": 30}"""));
            await store.GetAsync(Q.Eq("name", "Ann"));
            Assert.Throws<InvalidOperationException>(() => Sqlite.TraceStatements(_ => { }));
        }

        var traced = seen.ToArray();
        Assert.Contains(traced, s => s.StartsWith("BEGIN", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(traced, s => s.StartsWith("INSERT INTO \"cache_people\"", StringComparison.Ordinal) && s.Contains("'Ann'", StringComparison.Ordinal));
        Assert.Contains(traced, s => s.StartsWith("SELECT", StringComparison.Ordinal) && s.Contains("'Ann'", StringComparison.Ordinal));
        Assert.Contains(traced, s => s.StartsWith("COMMIT", StringComparison.OrdinalIgnoreCase));

        await store.GetAsync(Q.Eq("name", "Ann"));
        Assert.Equal(traced.Length, seen.Count);
    }

    [Fact]
    public async Task A_disposed_database_closes_its_pool_and_still_serves_a_late_caller()
    {
        var store = await StoreAsync(People);
        await store.CreateAsync(Obj("""{"name": "Ann", "age": 30}"""));
        Assert.Equal(1, Pool.IdleCount);

        await Db.DisposeAsync();

        Assert.Equal(0, Pool.IdleCount);
        Assert.Equal(1, await store.CountAsync());
        Assert.Equal(0, Pool.IdleCount);
    }

    private SqliteConnectionPool Pool => Sqlite.Pool;
}
