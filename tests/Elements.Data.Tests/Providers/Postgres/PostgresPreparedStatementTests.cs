using Dapper;
using Elements.Data.Filters;
using Elements.Data.Tests.Support;
using Elements.Testing.Postgres;

namespace Elements.Data.Tests.Providers.Postgres;

/// <summary>Model SQL on PostgreSQL is prepared server-side once a connection has run it a few times (Npgsql's automatic preparation).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresPreparedStatementTests(PostgresServer server) : ProviderTestBase(new PostgresProvider(server))
{
    [Fact]
    public async Task A_repeated_model_statement_becomes_a_prepared_statement_of_its_connection()
    {
        var store = await StoreAsync("""
            {"table": "prep_people", "fields": [
              {"name": "id", "dataType": "AutoInt", "primaryKey": true},
              {"name": "name", "dataType": "Stext"}]}
            """);
        await store.CreateAsync(Obj("""{"name": "Ann"}"""));

        // One transaction: every call runs on the same connection, whose session lists its prepared statements.
        await using var tx = await Db.BeginTransactionAsync();
        for (var i = 0; i < 10; i++)
        {
            Assert.NotNull(await store.GetAsync(Q.Eq("name", "Ann")));
        }

        var ambient = Db.Current!;
        var prepared = await ambient.Connection!.QueryAsync<string>(
            "SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%prep_people%'", transaction: ambient.Transaction);
        Assert.Contains(prepared, s => s.StartsWith("SELECT", StringComparison.Ordinal) && s.Contains("WHERE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_explicit_max_auto_prepare_of_zero_turns_it_off()
    {
        await using var db = new Elements.Data.Storage.PostgresDatabase(await server.CreateDatabaseAsync("prepoff") + ";Max Auto Prepare=0");
        var store = new Elements.Data.Storage.ModelStore(db, Schema("""
            {"table": "prep_off", "fields": [
              {"name": "id", "dataType": "AutoInt", "primaryKey": true},
              {"name": "name", "dataType": "Stext"}]}
            """));
        await store.SyncSchemaAsync();
        await using var tx = await db.BeginTransactionAsync();
        for (var i = 0; i < 10; i++)
        {
            await store.GetAsync(Q.Eq("name", "Ann"));
        }

        var ambient = db.Current!;
        var prepared = await ambient.Connection!.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%prep_off%'", transaction: ambient.Transaction);
        Assert.Equal(0, prepared);
    }
}
