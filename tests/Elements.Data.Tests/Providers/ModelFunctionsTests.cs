using System.Text.Json.Nodes;
using Elements.Data.Errors;
using Elements.Data.Storage;
using Elements.Data.Tests.Support;

namespace Elements.Data.Tests.Providers;

public abstract class ModelFunctionsTests(IDatabaseProvider provider) : ProviderTestBase(provider)
{
    private static Task<JsonNode?> Call(ModelStore store, string function, string args)
        => ModelFunctions.InvokeAsync(store, function, JsonNode.Parse(args)!.AsObject());

    [Fact]
    public async Task Every_model_function_works_by_name_with_json_arguments()
    {
        var people = await StoreAsync(PeopleJson);
        var ann = (await Call(people, "create", """{"rowData": {"name": "Ann", "email": "ann@x.io", "age": 30}}"""))!.AsObject();
        Assert.Equal(1L, (long)ann["id"]!);
        var many = (await Call(people, "createOrUpdateMany", """{"rowDataList": [{"name": "Bob", "age": 41}, {"id": 1, "status": "vip"}]}"""))!.AsArray();
        Assert.Equal("vip", (string)many[1]!["status"]!);

        Assert.Equal("Bob", (string)(await Call(people, "get", """{"filter": "Q('age', '>', 35)"}"""))!["name"]!);
        Assert.Null(await Call(people, "get", """{"filter": {"name": "nobody"}}"""));
        var page = (await Call(people, "query", """{"filter": {}, "fieldList": ["name"], "orderList": [["age", -1]], "page": 1, "size": 1}"""))!;
        Assert.Equal(2, (long)page["totalCount"]!);
        Assert.Equal("""[{"name":"Bob"}]""", page["rowDatas"]!.ToJsonString());

        Assert.Equal(31L, (long)(await Call(people, "updateByPK", """{"pkList": [1], "updateData": {"age": 31}}"""))![0]!["age"]!);
        Assert.Equal(2, (int)(await Call(people, "updateByFilter", """{"filter": "Q('age', 'isnull', false)", "updateData": {"score": 1}}"""))!);
        Assert.Equal("Cid", (string)(await Call(people, "updateOrAdd", """{"filter": {"name": "Cid"}, "updateData": {"age": 5}, "addData": {"name": "Cid"}}"""))!["name"]!);
        Assert.Equal(1, (int)(await Call(people, "deleteByPK", """{"pkList": ["3"]}"""))!);
        Assert.Equal(1, (int)(await Call(people, "deleteByFilter", """{"filter": {"name": "Bob"}}"""))!);
        Assert.Equal(1, await RawCountAsync("people"));
    }

    [Fact]
    public async Task Bad_calls_are_clear_errors_that_change_nothing()
    {
        var people = await StoreAsync(PeopleJson);
        await Call(people, "create", """{"rowData": {"name": "Ann", "email": "ann@x.io"}}""");
        Assert.Equal("DB_UNKNOWN_FUNCTION", (await Assert.ThrowsAsync<DataException>(() => Call(people, "drop", "{}"))).Code);
        Assert.Equal("DB_BAD_VALUE", (await Assert.ThrowsAsync<InvalidValueException>(() => Call(people, "create", """{"row": {}}"""))).Code);
        Assert.Equal("DB_CONSTRAINT", (await Assert.ThrowsAsync<ConstraintViolationException>(() => Call(people, "create", """{"rowData": {"email": "ann@x.io"}}"""))).Code);
        Assert.Equal("DB_UNKNOWN_FIELD", (await Assert.ThrowsAsync<UnknownFieldException>(() => Call(people, "create", """{"rowData": {"nope": 1}}"""))).Code);
        var bad = await Assert.ThrowsAsync<FilterException>(() => Call(people, "query", """{"filter": "Q('age' '>', 1)"}"""));
        Assert.Equal(8, bad.Position);
        await Assert.ThrowsAsync<FilterException>(() => Call(people, "deleteByFilter", """{"filter": {}}"""));
        await Assert.ThrowsAsync<InvalidValueException>(() => Call(people, "query", """{"size": "ten"}"""));
        Assert.Equal(1, await RawCountAsync("people"));
    }
}
