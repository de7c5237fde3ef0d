using System.Text.Json.Nodes;
using Elements.Data.Errors;
using Elements.Data.Filters;
using Elements.Data.Storage;
using Elements.Data.Tests.Support;

namespace Elements.Data.Tests.Providers;

/// <summary>
/// <see cref="ModelStore.OwnedBy"/>: a store limited to one owner's rows, through every JSON model function. Bob's
/// rows are created first, so they come first in key order: a scope applied after reading (or a count taken without
/// it) would show up in the paged results and totals below.
/// </summary>
public abstract class OwnerScopeTests(IDatabaseProvider provider) : ProviderTestBase(provider)
{
    private const long Alice = 1;
    private const long Bob = 2;

    private const string NotesJson = """
        {
          "table": "notes",
          "fields": [
            {"name": "title", "dataType": "Stext", "maxLen": 50},
            {"name": "userId", "dataType": "Integer", "dbIndex": true},
            {"name": "done", "dataType": "Checkbox", "value": false}
          ]
        }
        """;

    private static Task<JsonNode?> Call(ModelStore store, string function, string args)
        => ModelFunctions.InvokeAsync(store, function, JsonNode.Parse(args)!.AsObject());

    /// <summary>Bob's b1, b2 (ids 1, 2), then Alice's a1..a3 (ids 3..5), written by the unrestricted store.</summary>
    private async Task<ModelStore> SeedAsync()
    {
        var notes = await StoreAsync(NotesJson);
        foreach (var (title, owner) in new[] { ("b1", Bob), ("b2", Bob), ("a1", Alice), ("a2", Alice), ("a3", Alice) })
        {
            await notes.CreateAsync(new JsonObject { ["title"] = title, ["userId"] = owner });
        }

        return notes;
    }

    private static async Task<string[]> TitlesAsync(ModelStore store, string filter = "{}")
    {
        var result = (await Call(store, "query", $$"""{"filter": {{filter}}, "orderList": [["title", 1]]}"""))!;
        return result["rowDatas"]!.AsArray().Select(r => (string)r!["title"]!).ToArray();
    }

    private static async Task ForbiddenAsync(Func<Task> call)
        => Assert.Equal("EL_FORBIDDEN", (await Assert.ThrowsAsync<RowForbiddenException>(call)).Code);

    [Fact]
    public async Task A_paged_query_counts_and_returns_only_the_owners_rows_in_the_sql()
    {
        var notes = await SeedAsync();
        var alice = notes.OwnedBy(new OwnerScope("userId", Alice));
        var bob = notes.OwnedBy(new OwnerScope("userId", Bob));

        // size=1 makes the store run a separate COUNT: both statements must carry the owner condition.
        var first = (await Call(alice, "query", """{"page": 1, "size": 1}"""))!;
        Assert.Equal(3, (long)first["totalCount"]!);
        Assert.Equal("a1", (string)first["rowDatas"]![0]!["title"]!);
        var third = (await Call(alice, "query", """{"page": 3, "size": 1}"""))!;
        Assert.Equal("a3", (string)third["rowDatas"]![0]!["title"]!);
        Assert.Equal(3, (long)third["totalCount"]!);
        Assert.Empty((await Call(alice, "query", """{"page": 4, "size": 1}"""))!["rowDatas"]!.AsArray());
        var bobs = (await Call(bob, "query", """{"page": 1, "size": 1}"""))!;
        Assert.Equal(2, (long)bobs["totalCount"]!);
        Assert.Equal("b1", (string)bobs["rowDatas"]![0]!["title"]!);

        // A filter cannot widen the scope: it is ANDed as one parenthesised term, OR inside it included.
        Assert.Equal(["a1", "a2", "a3"], await TitlesAsync(alice, "\"Q(Q('userId', '=', 2), Q.OR, Q('id', '>', 0))\""));
        Assert.Empty(await TitlesAsync(alice, """{"userId": 2}"""));
        Assert.Equal(3, await alice.CountAsync(Q.Or(Q.Eq("userId", Bob), Q.Field("id", ">", 0))));
        Assert.Equal(3, (await alice.QueryAsync<Row>()).Count);

        Assert.Equal("a1", (string)(await Call(alice, "get", "{}"))!["title"]!);
        Assert.Null(await Call(alice, "get", """{"filter": {"title": "b1"}}"""));
        Assert.Null(await alice.GetByPKAsync(JsonValue.Create(1)));
        Assert.Equal("b1", (string)(await notes.GetByPKAsync(JsonValue.Create(1)))!["title"]!);
    }

    [Fact]
    public async Task By_key_calls_on_another_owners_row_behave_exactly_like_a_missing_row()
    {
        var notes = await SeedAsync();
        var alice = notes.OwnedBy(new OwnerScope("userId", Alice));

        // JitAi's list form skips keys without a row; another owner's key is skipped the same way.
        Assert.Empty((await Call(alice, "updateByPK", """{"pkList": [1], "updateData": {"title": "mine"}}"""))!.AsArray());
        Assert.Empty((await Call(alice, "updateByPK", """{"pkList": [99], "updateData": {"title": "mine"}}"""))!.AsArray());
        Assert.Equal(["A0"], (await Call(alice, "updateByPK", """{"pkList": [99, 1, 3], "updateData": {"title": "A0"}}"""))!.AsArray().Select(r => (string)r!["title"]!));
        // The single-key C# form answers a foreign key exactly like a missing one.
        var foreign = await Assert.ThrowsAsync<RecordNotFoundException>(() => alice.UpdateByPKAsync(1, new JsonObject { ["title"] = "mine" }));
        var missing = await Assert.ThrowsAsync<RecordNotFoundException>(() => alice.UpdateByPKAsync(99, new JsonObject { ["title"] = "mine" }));
        Assert.Equal(missing.Code, foreign.Code);
        Assert.Equal(missing.Message.Replace("99", "1", StringComparison.Ordinal), foreign.Message);
        // An empty change reads the row by key: the same answer.
        await Assert.ThrowsAsync<RecordNotFoundException>(() => alice.UpdateByPKAsync(1, []));
        Assert.Equal(0, (int)(await Call(alice, "deleteByPK", """{"pkList": [1]}"""))!);
        Assert.Equal(0, (int)(await Call(alice, "deleteByPK", """{"pkList": [99]}"""))!);

        // createOrUpdateMany: a foreign key and a missing key get the same refusal, and the batch rolls back.
        var foreignMany = await Assert.ThrowsAsync<RowForbiddenException>(() => Call(alice, "createOrUpdateMany", """{"rowDataList": [{"title": "new"}, {"id": 1, "title": "mine"}]}"""));
        var missingMany = await Assert.ThrowsAsync<RowForbiddenException>(() => Call(alice, "createOrUpdateMany", """{"rowDataList": [{"title": "new"}, {"id": 99, "title": "mine"}]}"""));
        Assert.Equal(missingMany.Message, foreignMany.Message);

        Assert.Equal(["b1", "b2"], await TitlesAsync(notes, """{"userId": 2}"""));
        Assert.Equal(5, await RawCountAsync("notes"));

        // The owner's own rows work as usual.
        Assert.Equal("A1", (string)(await Call(alice, "updateByPK", """{"pkList": [3], "updateData": {"title": "A1"}}"""))![0]!["title"]!);
        Assert.Equal(1, (int)(await Call(alice, "deleteByPK", """{"pkList": [5]}"""))!);
        var many = (await Call(alice, "createOrUpdateMany", """{"rowDataList": [{"id": 4, "title": "A2"}, {"title": "a4"}]}"""))!.AsArray();
        Assert.Equal(["A2", "a4"], many.Select(r => (string)r!["title"]!));
        Assert.All(many, r => Assert.Equal(Alice, (long)r!["userId"]!));
        Assert.Equal(["A1", "A2", "a4"], await TitlesAsync(alice));
        Assert.Equal(["b1", "b2"], await TitlesAsync(notes, """{"userId": 2}"""));
    }

    [Fact]
    public async Task Filter_writes_touch_only_the_owners_rows()
    {
        var notes = await SeedAsync();
        var alice = notes.OwnedBy(new OwnerScope("userId", Alice));

        Assert.Equal(3, (int)(await Call(alice, "updateByFilter", """{"filter": "Q('id', '>', 0)", "updateData": {"done": true}}"""))!);
        Assert.Equal(0, (int)(await Call(alice, "updateByFilter", """{"filter": {"title": "b1"}, "updateData": {"done": true}}"""))!);
        Assert.Equal(0, await notes.CountAsync(Q.And(Q.Eq("userId", Bob), Q.Eq("done", true))));

        Assert.Equal(1, (int)(await Call(alice, "deleteByFilter", """{"filter": "Q('title', 'in', ['a3', 'b2'])"}"""))!);
        Assert.Equal(["b1", "b2"], await TitlesAsync(notes, """{"userId": 2}"""));

        // updateOrAdd: Bob's matching row is invisible, so Alice adds her own instead of changing his.
        var added = (await Call(alice, "updateOrAdd", """{"filter": {"title": "b1"}, "updateData": {"done": false}, "addData": {"title": "b1"}}"""))!;
        Assert.Equal(Alice, (long)added["userId"]!);
        var again = (await Call(alice, "updateOrAdd", """{"filter": {"title": "b1"}, "updateData": {"done": true}}"""))!;
        Assert.Equal((long)added["id"]!, (long)again["id"]!);
        Assert.True((bool)again["done"]!);
        var bobsB1 = (await notes.GetAsync(Q.And(Q.Eq("title", "b1"), Q.Eq("userId", Bob))))!;
        Assert.False((bool)bobsB1["done"]!);
        Assert.Equal(2, await notes.CountAsync(Q.Eq("title", "b1")));
    }

    [Fact]
    public async Task Create_stamps_the_owner_and_refuses_another_owner_or_a_chosen_key()
    {
        var notes = await StoreAsync(NotesJson);
        var alice = notes.OwnedBy(new OwnerScope("userId", Alice));

        Assert.Equal(Alice, (long)(await Call(alice, "create", """{"rowData": {"title": "x"}}"""))!["userId"]!);
        Assert.Equal(Alice, (long)(await Call(alice, "create", """{"rowData": {"title": "y", "userId": 1}}"""))!["userId"]!);
        await ForbiddenAsync(() => Call(alice, "create", """{"rowData": {"title": "z", "userId": 2}}"""));
        await ForbiddenAsync(() => Call(alice, "create", """{"rowData": {"title": "z", "userId": null}}"""));
        await ForbiddenAsync(() => Call(alice, "create", """{"rowData": {"title": "z", "id": 50}}"""));
        await ForbiddenAsync(() => Call(alice, "updateOrAdd", """{"filter": {"title": "z"}, "updateData": {"done": true}, "addData": {"userId": 2}}"""));
        var created = (await Call(alice, "createOrUpdateMany", """{"rowDataList": [{"title": "m1"}, {"title": "m2", "userId": 1}]}"""))!.AsArray();
        Assert.All(created, r => Assert.Equal(Alice, (long)r!["userId"]!));
        await ForbiddenAsync(() => Call(alice, "createOrUpdateMany", """{"rowDataList": [{"title": "m3"}, {"title": "m4", "userId": 2}]}"""));

        Assert.Equal(4, await RawCountAsync("notes"));
        Assert.Equal(4, await notes.CountAsync(Q.Eq("userId", Alice)));
    }

    [Fact]
    public async Task An_update_cannot_give_a_row_to_another_owner()
    {
        var notes = await SeedAsync();
        var alice = notes.OwnedBy(new OwnerScope("userId", Alice));

        await ForbiddenAsync(() => Call(alice, "updateByPK", """{"pkList": [3], "updateData": {"userId": 2}}"""));
        await ForbiddenAsync(() => Call(alice, "updateByFilter", """{"filter": {"title": "a1"}, "updateData": {"title": "gift", "userId": 2}}"""));
        await ForbiddenAsync(() => Call(alice, "updateOrAdd", """{"filter": {"title": "a1"}, "updateData": {"userId": 2}}"""));
        await ForbiddenAsync(() => Call(alice, "createOrUpdateMany", """{"rowDataList": [{"id": 4, "title": "A2"}, {"id": 3, "userId": 2}]}"""));
        Assert.Equal(3, (long)(await Call(alice, "updateByPK", """{"pkList": [3], "updateData": {"userId": 1, "title": "A1"}}"""))![0]!["id"]!);

        Assert.Equal(["A1", "a2", "a3"], await TitlesAsync(notes, """{"userId": 1}"""));
        Assert.Equal(["b1", "b2"], await TitlesAsync(notes, """{"userId": 2}"""));
    }

    [Fact]
    public async Task A_caller_that_owns_nothing_sees_nothing_and_creates_nothing()
    {
        var notes = await SeedAsync();
        var nobody = notes.OwnedBy(new OwnerScope("userId", null));

        var page = (await Call(nobody, "query", """{"page": 1, "size": 1}"""))!;
        Assert.Equal(0, (long)page["totalCount"]!);
        Assert.Empty(page["rowDatas"]!.AsArray());
        Assert.Null(await Call(nobody, "get", "{}"));
        Assert.Equal(0, await nobody.CountAsync());
        Assert.Equal(0, (int)(await Call(nobody, "updateByFilter", """{"filter": "Q('id', '>', 0)", "updateData": {"done": true}}"""))!);
        Assert.Equal(0, (int)(await Call(nobody, "deleteByFilter", """{"filter": "Q('id', '>', 0)"}"""))!);
        Assert.Equal(0, (int)(await Call(nobody, "deleteByPK", """{"pkList": [1]}"""))!);
        Assert.Empty((await Call(nobody, "updateByPK", """{"pkList": [1], "updateData": {"done": true}}"""))!.AsArray());
        await ForbiddenAsync(() => Call(nobody, "create", """{"rowData": {"title": "anon"}}"""));
        await ForbiddenAsync(() => Call(nobody, "updateOrAdd", """{"filter": {"title": "anon"}, "updateData": {"done": true}}"""));
        await ForbiddenAsync(() => Call(nobody, "createOrUpdateMany", """{"rowDataList": [{"title": "anon"}]}"""));

        Assert.Equal(5, await RawCountAsync("notes"));
        Assert.Equal(0, await notes.CountAsync(Q.Eq("done", true)));
        // The unrestricted store still sees every row.
        Assert.Equal(["a1", "a2", "a3", "b1", "b2"], await TitlesAsync(notes));
    }

    [Fact]
    public async Task Only_a_non_key_integer_field_can_scope_a_store()
    {
        var notes = await StoreAsync(NotesJson);
        Assert.Throws<ArgumentException>(() => notes.OwnedBy(new OwnerScope("nope", 1)));
        Assert.Throws<ArgumentException>(() => notes.OwnedBy(new OwnerScope("title", 1)));
        Assert.Throws<ArgumentException>(() => notes.OwnedBy(new OwnerScope("id", 1)));
        Assert.Throws<InvalidOperationException>(() => notes.OwnedBy(new OwnerScope("userId", 1)).OwnedBy(new OwnerScope("userId", 2)));
        Assert.Null(notes.Owner);
    }

    public sealed class Row
    {
        public long Id { get; set; }

        public string Title { get; set; } = "";

        public long UserId { get; set; }
    }
}
