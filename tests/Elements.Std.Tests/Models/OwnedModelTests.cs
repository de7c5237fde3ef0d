using System.Text.Json.Nodes;
using Elements.Data.Errors;
using Elements.Security;
using Elements.Std.Tests.Support;

namespace Elements.Std.Tests.Models;

/// <summary>
/// A model with <c>ownerField</c>, called through <see cref="Elements.Invocation.ElementInvoker"/> with an
/// <see cref="ElementCaller"/> the way the host calls it: row permission <c>own</c> limits every function to the
/// caller's rows; <c>all</c>, a null caller and a model without owner field are unrestricted. Bob writes first, so his
/// rows come first in key order and would surface in Alice's pages if the scope were not in the SQL.
/// </summary>
public abstract class OwnedModelTests(IAppDatabase database) : AppTestBase(database)
{
    private const string Note = "models.Note";

    private const string NoteJson = """
        {
          "title": "Note",
          "type": "models.NormalType",
          "ownerField": "userId",
          "fields": [
            {"name": "title", "dataType": "Stext", "maxLen": 50},
            {"name": "done", "dataType": "Checkbox", "value": false},
            {"name": "userId", "dataType": "Integer", "dbIndex": true}
          ]
        }
        """;

    private static readonly ElementCaller Alice = Member(1);
    private static readonly ElementCaller Bob = Member(2);
    private static readonly ElementCaller Anonymous = new(null, ["roles.Anonymous"], _ => false);
    private static readonly ElementCaller Machine = new(null, ["roles.Anonymous"], _ => false, accessKey: "ak-reports");

    private static ElementCaller Member(long userId) => new(userId, ["roles.Anonymous", "roles.Authenticated"], _ => false);

    protected override Task BeforeLoadAsync(AppFolder folder)
    {
        folder.WriteElement(Note, NoteJson);
        return Task.CompletedTask;
    }

    private Task<JsonNode?> As(ElementCaller? caller, string function, string args, string model = Note) =>
        App.Invoker.InvokeAsync(model, function, JsonNode.Parse(args)!.AsObject(), caller);

    private async Task<string> ForbiddenAsync(ElementCaller? caller, string function, string args)
    {
        var ex = await Assert.ThrowsAsync<RowForbiddenException>(() => As(caller, function, args));
        Assert.Equal("EL_FORBIDDEN", ex.Code);
        return ex.Message;
    }

    private async Task<string[]> TitlesAsync(ElementCaller? caller, string filter = "null")
    {
        var rows = (await As(caller, "query", $$"""{"filter": {{filter}}, "orderList": [["title", 1]]}"""))!["rowDatas"]!.AsArray();
        return [.. rows.Select(r => (string)r!["title"]!)];
    }

    /// <summary>b1, b2 (ids 1, 2) by Bob, then a1, a2, a3 (ids 3..5) by Alice.</summary>
    private async Task SeedAsync()
    {
        foreach (var title in new[] { "b1", "b2" })
        {
            await As(Bob, "create", $$$"""{"rowData": {"title": "{{{title}}}"}}""");
        }

        foreach (var title in new[] { "a1", "a2", "a3" })
        {
            await As(Alice, "create", $$$"""{"rowData": {"title": "{{{title}}}"}}""");
        }
    }

    [Fact]
    public async Task Each_user_reads_only_its_own_rows_and_a_paged_count_counts_only_them()
    {
        await SeedAsync();

        var page = (await As(Alice, "query", """{"page": 1, "size": 1}"""))!;
        Assert.Equal(3, (long)page["totalCount"]!);
        Assert.Equal("a1", (string)page["rowDatas"]![0]!["title"]!);
        Assert.Equal(1L, (long)page["rowDatas"]![0]!["userId"]!);
        var last = (await As(Alice, "query", """{"page": 3, "size": 1}"""))!;
        Assert.Equal("a3", (string)last["rowDatas"]![0]!["title"]!);
        var bobs = (await As(Bob, "query", """{"page": 1, "size": 1}"""))!;
        Assert.Equal(2, (long)bobs["totalCount"]!);
        Assert.Equal("b1", (string)bobs["rowDatas"]![0]!["title"]!);

        Assert.Equal(["a1", "a2", "a3"], await TitlesAsync(Alice, "\"Q(Q('userId', '=', 2), Q.OR, Q('id', '>', 0))\""));
        Assert.Empty(await TitlesAsync(Alice, """{"title": "b1"}"""));
        Assert.Equal("a1", (string)(await As(Alice, "get", "{}"))!["title"]!);
        Assert.Null(await As(Alice, "get", """{"filter": {"userId": 2}}"""));
        Assert.Equal("b1", (string)(await As(Bob, "get", "{}"))!["title"]!);
    }

    [Fact]
    public async Task Each_user_updates_and_deletes_only_its_own_rows_through_every_function()
    {
        await SeedAsync();

        // By key: Bob's row 1 answers Alice exactly like a missing row.
        Assert.Empty((await As(Alice, "updateByPK", """{"pkList": [1], "updateData": {"title": "mine"}}"""))!.AsArray());
        Assert.Empty((await As(Alice, "updateByPK", """{"pkList": [77], "updateData": {"title": "mine"}}"""))!.AsArray());
        Assert.Equal(0, (int)(await As(Alice, "deleteByPK", """{"pkList": [1]}"""))!);
        Assert.Equal("A1", (string)(await As(Alice, "updateByPK", """{"pkList": [3], "updateData": {"title": "A1"}}"""))![0]!["title"]!);
        Assert.Equal(1, (int)(await As(Alice, "deleteByPK", """{"pkList": [3]}"""))!);

        // By filter: a filter matching everything reaches only the caller's rows.
        Assert.Equal(2, (int)(await As(Alice, "updateByFilter", """{"filter": "Q('id', '>', 0)", "updateData": {"done": true}}"""))!);
        Assert.Equal(0, (int)(await As(Alice, "deleteByFilter", """{"filter": {"title": "b2"}}"""))!);
        Assert.Equal(1, (int)(await As(Bob, "deleteByFilter", """{"filter": "Q('title', 'in', ['b2', 'a2'])"}"""))!);

        // updateOrAdd: Bob's matching row is invisible, so Alice adds her own.
        var added = (await As(Alice, "updateOrAdd", """{"filter": {"title": "b1"}, "updateData": {"done": true}, "addData": {"title": "b1"}}"""))!;
        Assert.Equal(1L, (long)added["userId"]!);
        // createOrUpdateMany: Alice's own key is updated, a new row is stamped, Bob's key is refused as a missing one is.
        var many = (await As(Alice, "createOrUpdateMany", """{"rowDataList": [{"id": 4, "title": "A2"}, {"title": "a4"}]}"""))!.AsArray();
        Assert.Equal([1L, 1L], many.Select(r => (long)r!["userId"]!));
        Assert.Equal(await ForbiddenAsync(Alice, "createOrUpdateMany", """{"rowDataList": [{"id": 99, "title": "x"}]}"""),
            await ForbiddenAsync(Alice, "createOrUpdateMany", """{"rowDataList": [{"id": 1, "title": "x"}]}"""));

        Assert.Equal(["A2", "a3", "a4", "b1"], await TitlesAsync(Alice));
        Assert.Equal(["b1"], await TitlesAsync(Bob));
        Assert.False((bool)(await As(Bob, "get", "{}"))!["done"]!);
        Assert.Equal(5, await RawCountAsync("models_Note"));
    }

    [Fact]
    public async Task Statistics_and_reset_see_only_the_callers_rows()
    {
        await SeedAsync();

        var groups = (await As(Alice, "groupBy", """{"filter": "", "fieldList": ["userId", "COUNT(*) as n"]}"""))!["rowDatas"]!;
        Assert.Equal("""[{"userId":1,"n":3}]""", groups.ToJsonString());
        Assert.Equal(3, (long)(await As(Alice, "aggregate", """{"filter": "", "aggrField": "id", "aggrType": "COUNT"}"""))!);
        Assert.Equal("""{"id":2}""", (await As(Bob, "statisticFieldData", """{"filter": "", "fieldAggrMap": {"id": "COUNT"}}"""))!.ToJsonString());
        Assert.Equal(["b1", "b2"], (await As(Bob, "getFieldData", """{"fieldId": "title", "filter": ""}"""))!.AsArray().Select(t => (string)t!));

        Assert.Equal(3, (int)(await As(Alice, "resetModelData", "{}"))!);
        Assert.Empty(await TitlesAsync(Alice));
        Assert.Equal(["b1", "b2"], await TitlesAsync(Bob));
    }

    [Fact]
    public async Task Create_stamps_the_caller_and_no_write_can_name_another_owner()
    {
        var own = (await As(Alice, "create", """{"rowData": {"title": "mine"}}"""))!;
        Assert.Equal(1L, (long)own["userId"]!);
        Assert.Equal(1L, (long)(await As(Alice, "create", """{"rowData": {"title": "also", "userId": 1}}"""))!["userId"]!);

        var message = await ForbiddenAsync(Alice, "create", """{"rowData": {"title": "planted", "userId": 2}}""");
        Assert.Equal("'userId' can only hold the caller's own user id", message);
        await ForbiddenAsync(Alice, "create", """{"rowData": {"title": "orphan", "userId": null}}""");
        await ForbiddenAsync(Alice, "updateByPK", $$$"""{"pkList": [{{{own["id"]}}}], "updateData": {"userId": 2}}""");
        await ForbiddenAsync(Alice, "updateByFilter", """{"filter": {"title": "mine"}, "updateData": {"userId": 2}}""");
        await ForbiddenAsync(Alice, "updateOrAdd", """{"filter": {"title": "mine"}, "updateData": {"userId": 2}}""");
        await ForbiddenAsync(Alice, "updateOrAdd", """{"filter": {"title": "new"}, "updateData": {"done": true}, "addData": {"userId": 2}}""");
        await ForbiddenAsync(Alice, "createOrUpdateMany", """{"rowDataList": [{"title": "ok"}, {"title": "planted", "userId": 2}]}""");

        Assert.Equal(["also", "mine"], await TitlesAsync(null));
        Assert.Empty(await TitlesAsync(Bob));
    }

    [Fact]
    public async Task A_caller_without_a_user_sees_nothing_and_creates_nothing()
    {
        await SeedAsync();

        foreach (var caller in new[] { Anonymous, Machine })
        {
            var page = (await As(caller, "query", """{"page": 1, "size": 1}"""))!;
            Assert.Equal(0, (long)page["totalCount"]!);
            Assert.Null(await As(caller, "get", "{}"));
            Assert.Equal(0, (int)(await As(caller, "updateByFilter", """{"filter": "Q('id', '>', 0)", "updateData": {"done": true}}"""))!);
            Assert.Equal(0, (int)(await As(caller, "deleteByFilter", """{"filter": "Q('id', '>', 0)"}"""))!);
            Assert.Equal(0, (int)(await As(caller, "deleteByPK", """{"pkList": [1]}"""))!);
            Assert.Empty((await As(caller, "updateByPK", """{"pkList": [1], "updateData": {"done": true}}"""))!.AsArray());
            await ForbiddenAsync(caller, "create", """{"rowData": {"title": "anon"}}""");
            await ForbiddenAsync(caller, "createOrUpdateMany", """{"rowDataList": [{"title": "anon"}]}""");
        }

        Assert.Equal(5, await RawCountAsync("models_Note"));
        Assert.Empty(await TitlesAsync(null, """{"done": true}"""));
    }

    [Fact]
    public async Task Row_permission_all_a_null_caller_and_a_model_without_owner_field_are_unrestricted()
    {
        await SeedAsync();
        var asked = new List<string>();
        var admin = new ElementCaller(9, ["roles.Admin"], model =>
        {
            asked.Add(model);
            return true;
        });

        Assert.Equal(5, (long)(await As(admin, "query", """{"page": 1, "size": 1}"""))!["totalCount"]!);
        Assert.Equal(["models.Note"], asked.Distinct());
        Assert.Equal("B1", (string)(await As(admin, "updateByPK", """{"pkList": [1], "updateData": {"title": "B1"}}"""))![0]!["title"]!);
        Assert.Equal(2L, (long)(await As(admin, "create", """{"rowData": {"title": "for bob", "userId": 2}}"""))!["userId"]!);
        Assert.Equal(6, (long)(await As(null, "query", """{"page": 1, "size": 1}"""))!["totalCount"]!);
        Assert.Equal(1, (int)(await As(null, "deleteByPK", """{"pkList": [2]}"""))!);
        Assert.Equal(["B1", "for bob"], await TitlesAsync(Bob));

        // models.Todo declares no ownerField: Alice sees Bob's todos (today's behaviour).
        await As(Bob, "create", """{"rowData": {"title": "bob's todo"}}""", "models.Todo");
        Assert.Equal(1, (long)(await As(Alice, "query", "{}", "models.Todo"))!["totalCount"]!);

        // The typed C# methods and the store stay unrestricted.
        var note = App.GetElement<Elements.Std.Models.ModelElement>(Note);
        Assert.Equal("userId", note.OwnerField);
        Assert.Equal(5, (await note.QueryAsync<TitleRow>()).Count);
        Assert.Null((await note.OpenStoreAsync()).Owner);
    }

    public sealed class TitleRow
    {
        public string Title { get; set; } = "";
    }
}
