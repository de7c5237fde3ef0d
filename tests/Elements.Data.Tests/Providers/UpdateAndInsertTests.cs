using System.Text.Json.Nodes;
using Dapper;
using Elements.Data.Errors;
using Elements.Data.Filters;
using Elements.Data.Storage;
using Elements.Data.Tests.Support;

namespace Elements.Data.Tests.Providers;

/// <summary>
/// <see cref="ModelStore.UpdateAndInsertAsync{T}"/>: an update that starts a row elsewhere for each row it changed,
/// both written or neither (one statement on PostgreSQL, one transaction on SQLite).
/// </summary>
public abstract class UpdateAndInsertTests(IDatabaseProvider provider) : ProviderTestBase(provider)
{
    private const string UsersJson = """{"table": "u_users", "fields": [{"name": "name", "dataType": "Stext"}]}""";

    private const string CodesJson = """
        {"table": "u_codes", "fields": [
          {"name": "codeHash", "dataType": "Stext", "unique": true},
          {"name": "userId", "dataType": "Integer"},
          {"name": "kind", "dataType": "Stext", "value": "login"},
          {"name": "consumedAt", "dataType": "Datetime"}]}
        """;

    private const string SessionsJson = """
        {"table": "u_sessions", "fields": [
          {"name": "tokenHash", "dataType": "Stext", "unique": true},
          {"name": "userId", "dataType": "Integer"},
          {"name": "origin", "dataType": "Stext", "value": "code"},
          {"name": "createdAt", "dataType": "Datetime"}]}
        """;

    public sealed class Consumed
    {
        public long UserId { get; set; }

        public string Kind { get; set; } = "";
    }

    public sealed class KindOnly
    {
        public string Kind { get; set; } = "";
    }

    private static readonly JsonObject Now = new() { ["consumedAt"] = "2026-12-07T12:00:00Z" };

    private static Q Unconsumed(string hash) => Q.And(Q.Eq("codeHash", hash), Q.Eq("consumedAt", null));

    private static JsonObject Session(string token) => new() { ["tokenHash"] = token, ["createdAt"] = "2026-12-07T12:00:00Z" };

    private async Task<(ModelStore Users, ModelStore Codes, ModelStore Sessions, long Ann)> SeedAsync()
    {
        var users = await StoreAsync(UsersJson);
        var codes = await StoreAsync(CodesJson);
        var sessions = await StoreAsync(SessionsJson);
        var ann = (long)await users.InsertAsync(Obj("""{"name": "Ann"}"""));
        await codes.CreateAsync(new JsonObject { ["codeHash"] = "h1", ["userId"] = ann });
        return (users, codes, sessions, ann);
    }

    [Fact]
    public async Task The_updated_row_comes_back_and_its_new_row_carries_the_copied_field()
    {
        var (_, codes, sessions, ann) = await SeedAsync();

        var consumed = await codes.UpdateAndInsertAsync<Consumed>(Unconsumed("h1"), Now, sessions, Session("t1"), "userId");

        var only = Assert.Single(consumed);
        Assert.Equal(ann, only.UserId);
        Assert.Equal("login", only.Kind);
        var session = Assert.Single((await sessions.QueryAsync()).RowDatas)!.AsObject();
        Assert.Equal(ann, (long)session["userId"]!);
        Assert.Equal("t1", (string)session["tokenHash"]!);
        Assert.Equal("code", (string)session["origin"]!);
        Assert.Equal("2026-12-07T12:00:00Z", (string)session["createdAt"]!);
        Assert.Equal("2026-12-07T12:00:00Z", (string)(await codes.GetAsync(Q.Eq("codeHash", "h1")))!["consumedAt"]!);

        // Spent: nothing matches, nothing is written.
        Assert.Empty(await codes.UpdateAndInsertAsync<Consumed>(Unconsumed("h1"), Now, sessions, Session("t2"), "userId"));
        Assert.Equal(1, await RawCountAsync("u_sessions"));
    }

    [Fact]
    public async Task Each_updated_row_gets_its_own_new_row_even_when_the_result_type_does_not_map_the_copied_field()
    {
        var (users, codes, sessions, ann) = await SeedAsync();
        var bob = (long)await users.InsertAsync(Obj("""{"name": "Bob"}"""));
        await codes.CreateAsync(new JsonObject { ["codeHash"] = "h2", ["userId"] = bob });

        var consumed = await codes.UpdateAndInsertAsync<KindOnly>(Q.Eq("consumedAt", null), Now, sessions, new JsonObject(), "userId");

        Assert.Equal(["login", "login"], consumed.Select(c => c.Kind));
        await using var connection = await Db.OpenConnectionAsync();
        var owners = await connection.QueryAsync<long>("SELECT \"userId\" FROM \"u_sessions\" ORDER BY \"userId\"");
        Assert.Equal([ann, bob], owners);
    }

    [Fact]
    public async Task A_copied_field_that_names_no_existing_referenced_row_updates_nothing_and_inserts_nothing()
    {
        var (users, codes, sessions, ann) = await SeedAsync();
        await codes.CreateAsync(new JsonObject { ["codeHash"] = "gone", ["userId"] = ann + 100 });

        Assert.Empty(await codes.UpdateAndInsertAsync<Consumed>(Unconsumed("gone"), Now, sessions, Session("t1"), "userId", users));
        Assert.Null((await codes.GetAsync(Q.Eq("codeHash", "gone")))!["consumedAt"]);
        Assert.Equal(0, await RawCountAsync("u_sessions"));

        // The check is ANDed to a filter of any shape, an OR included.
        var filter = Q.Or(Q.Eq("codeHash", "gone"), Q.Eq("codeHash", "h1"));
        var consumed = await codes.UpdateAndInsertAsync<Consumed>(filter, Now, sessions, Session("t1"), "userId", users);
        Assert.Equal(ann, Assert.Single(consumed).UserId);
        Assert.Null((await codes.GetAsync(Q.Eq("codeHash", "gone")))!["consumedAt"]);
        Assert.Equal(1, await RawCountAsync("u_sessions"));
    }

    [Fact]
    public async Task A_new_row_the_target_refuses_leaves_the_update_undone()
    {
        var (_, codes, sessions, ann) = await SeedAsync();
        await sessions.CreateAsync(new JsonObject { ["tokenHash"] = "taken", ["userId"] = ann });

        var error = await Assert.ThrowsAsync<ConstraintViolationException>(
            () => codes.UpdateAndInsertAsync<Consumed>(Unconsumed("h1"), Now, sessions, Session("taken"), "userId"));

        Assert.Equal("unique", error.Kind);
        Assert.Equal("u_sessions", error.Table);
        Assert.Equal(["tokenHash"], error.Fields);
        Assert.Null((await codes.GetAsync(Q.Eq("codeHash", "h1")))!["consumedAt"]);
        Assert.Equal(1, await RawCountAsync("u_sessions"));
    }

    [Fact]
    public async Task An_ambient_transaction_is_joined_and_its_rollback_undoes_both()
    {
        var (_, codes, sessions, _) = await SeedAsync();
        await using (await Db.BeginTransactionAsync())
        {
            Assert.Single(await codes.UpdateAndInsertAsync<Consumed>(Unconsumed("h1"), Now, sessions, Session("t1"), "userId"));
        }

        Assert.Null((await codes.GetAsync(Q.Eq("codeHash", "h1")))!["consumedAt"]);
        Assert.Equal(0, await RawCountAsync("u_sessions"));
    }

    [Fact]
    public async Task A_target_that_numbers_its_rows_is_written_in_the_same_transaction()
    {
        var (_, codes, _, ann) = await SeedAsync();
        var tickets = await StoreAsync("""
            {"table": "u_tickets", "fields": [
              {"name": "no", "dataType": "Serial", "dateTimeFormat": "", "incNum": 3, "prefix": "T"},
              {"name": "userId", "dataType": "Integer"}]}
            """);

        Assert.Single(await codes.UpdateAndInsertAsync<Consumed>(Unconsumed("h1"), Now, tickets, new JsonObject(), "userId"));

        var ticket = Assert.Single((await tickets.QueryAsync()).RowDatas)!.AsObject();
        Assert.Equal("T001", (string)ticket["no"]!);
        Assert.Equal(ann, (long)ticket["userId"]!);
    }

    [Fact]
    public async Task Calls_that_cannot_be_one_write_are_refused_before_anything_is_written()
    {
        var (users, codes, sessions, _) = await SeedAsync();
        var texts = await StoreAsync("""{"table": "u_texts", "fields": [{"name": "userId", "dataType": "Stext"}]}""");

        await Assert.ThrowsAsync<ArgumentException>(
            () => codes.UpdateAndInsertAsync<Consumed>(Unconsumed("h1"), Now, sessions, new JsonObject { ["userId"] = 5 }, "userId"));
        await Assert.ThrowsAsync<ArgumentException>(() => codes.UpdateAndInsertAsync<Consumed>(Unconsumed("h1"), Now, texts, new JsonObject(), "userId"));
        await Assert.ThrowsAsync<UnknownFieldException>(() => codes.UpdateAndInsertAsync<Consumed>(Unconsumed("h1"), Now, users, new JsonObject(), "userId"));
        var otherProvider = new SqliteProvider();
        try
        {
            await using var other = await otherProvider.CreateAsync();
            var elsewhere = new ModelStore(other, Schema(SessionsJson));
            await Assert.ThrowsAsync<ArgumentException>(() => codes.UpdateAndInsertAsync<Consumed>(Unconsumed("h1"), Now, elsewhere, Session("t1"), "userId"));
        }
        finally
        {
            await otherProvider.CleanupAsync();
        }

        Assert.Null((await codes.GetAsync(Q.Eq("codeHash", "h1")))!["consumedAt"]);
        Assert.Equal(0, await RawCountAsync("u_sessions"));
    }

    [Fact]
    public async Task A_new_row_without_its_key_is_refused_and_the_update_is_undone()
    {
        var (_, codes, _, _) = await SeedAsync();
        var keyed = await StoreAsync("""
            {"table": "u_keyed", "fields": [{"name": "ref", "dataType": "Stext", "primaryKey": true}, {"name": "userId", "dataType": "Integer"}]}
            """);

        var error = await Assert.ThrowsAsync<InvalidValueException>(() => codes.UpdateAndInsertAsync<Consumed>(Unconsumed("h1"), Now, keyed, new JsonObject(), "userId"));

        Assert.Equal("ref", error.Field);
        Assert.Null((await codes.GetAsync(Q.Eq("codeHash", "h1")))!["consumedAt"]);
        Assert.Equal(0, await RawCountAsync("u_keyed"));
    }
}
