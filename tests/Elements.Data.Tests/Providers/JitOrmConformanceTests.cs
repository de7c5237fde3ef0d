using System.Text.Json.Nodes;
using Elements.Data.Errors;
using Elements.Data.Filters;
using Elements.Data.Storage;
using Elements.Data.Tests.Support;
using Elements.Testing.JitAi;

namespace Elements.Data.Tests.Providers;

/// <summary>
/// JitAi's documented calls, transcribed with their documented argument names and order (positional Python arguments
/// become the JSON arguments of the same names), against the sample model of <see cref="JitOrmExamples"/>.
/// </summary>
public abstract class JitOrmConformanceTests(IDatabaseProvider provider) : ProviderTestBase(provider)
{
    public static TheoryData<string, string> QExamples()
    {
        var data = new TheoryData<string, string>();
        foreach (var (filter, names) in JitOrmExamples.QExamples)
        {
            data.Add(filter, names);
        }

        return data;
    }

    private async Task<ModelStore> SeedAsync()
    {
        var users = await StoreAsync($$"""{"table": "UserModel", "fields": {{JitOrmExamples.Fields}}}""");
        await users.CreateOrUpdateManyAsync(JitOrmExamples.Rows());
        return users;
    }

    private static async Task<JsonNode?> Call(ModelStore store, string function, string args)
        => await ModelFunctions.InvokeAsync(store, function, JsonNode.Parse(args)!.AsObject());

    private static string Names(JsonNode? rows) => string.Join(",", rows!.AsArray().Select(r => (string)r!["name"]!));

    [Theory]
    [MemberData(nameof(QExamples))]
    public async Task Every_documented_Q_example_selects_its_rows_in_sql_and_in_memory(string filter, string names)
    {
        var users = await SeedAsync();
        var result = await Call(users, "query", new JsonObject { ["filter"] = filter, ["orderList"] = JsonNode.Parse("""[["name", 1]]""") }.ToJsonString());
        Assert.Equal(names, string.Join(",", result!["rowDatas"]!.AsArray().Select(r => (string)r!["name"]!).Order(StringComparer.Ordinal)));

        var q = Q.Parse(filter);
        var inMemory = JitOrmExamples.Rows().Select((row, i) => { row["id"] = i + 1; return row; })
            .Where(row => users.GetCompareResult(q, row)).Select(row => (string)row["name"]!).Order(StringComparer.Ordinal);
        Assert.Equal(names, string.Join(",", inMemory));
    }

    [Fact]
    public async Task Documented_reads_return_documented_shapes()
    {
        var users = await SeedAsync();

        // get(filter, orderList): the first matching row, or null.
        Assert.Equal("John", (string)(await Call(users, "get", """{"filter": "Q(Q('id', '=', 1))", "orderList": []}"""))!["name"]!);
        Assert.Equal("John", (string)(await Call(users, "get", """{"filter": "Q(id=1)", "orderList": []}"""))!["name"]!);
        Assert.Equal("John", (string)(await Call(users, "get", """{"filter": "Q(Q('status', '=', 'active'))", "orderList": [["createdAt", 1]]}"""))!["name"]!);
        Assert.Null(await Call(users, "get", """{"filter": "Q(email='user@example.com')", "orderList": []}"""));
        Assert.Equal("John", (string)(await Call(users, "get", """{"filter": "Q(id=1)", "orderList": [], "level": 0}"""))!["name"]!);

        // query(filter, fieldList, orderList, page, size): {rowDatas, totalCount}.
        var page = (await Call(users, "query", """{"page": 1, "size": 10}"""))!;
        Assert.Equal(5, (long)page["totalCount"]!);
        Assert.Equal(5, page["rowDatas"]!.AsArray().Count);
        var active = (await Call(users, "query", """{"filter": "Q(Q('status', '=', 'active'))", "orderList": [["createdAt", -1]], "page": 1, "size": 20}"""))!;
        Assert.Equal("Testing,John", Names(active["rowDatas"]));
        var old = (await Call(users, "query", """{"filter": "Q(status='active') & Q(age__gte=18)", "orderList": [["createdAt", -1]], "page": 1, "size": 20}"""))!;
        Assert.True(JsonNode.DeepEquals(active, old));

        // groupBy(filter, fieldList): one row per group, the aggregate under its alias.
        var byStatus = (await Call(users, "groupBy", """{"filter": "", "fieldList": ["status", "COUNT(*) as count"]}"""))!;
        Assert.Equal(
            """[{"status":"active","count":2},{"status":"deleted","count":1},{"status":"inactive","count":1},{"status":"pending","count":1}]""",
            byStatus["rowDatas"]!.ToJsonString());
        Assert.Equal(4, (long)byStatus["totalCount"]!);

        // getFieldData(fieldId, filter, orderList): the distinct values.
        Assert.Equal("""["Dev","HR","IT"]""", (await Call(users, "getFieldData", """{"fieldId": "department", "filter": "", "orderList": []}"""))!.ToJsonString());
        Assert.Equal("""["john@x.com","test@example.com"]""",
            (await Call(users, "getFieldData", """{"fieldId": "email", "filter": "Q(Q('status', '=', 'active'))", "orderList": [["email", 1]]}"""))!.ToJsonString());
        Assert.Equal("""["test@example.com","john@x.com"]""",
            (await Call(users, "getFieldData", """{"fieldId": "email", "filter": "Q(status='active')", "orderList": [["email", -1]]}"""))!.ToJsonString());

        // statisticFieldData(filter, fieldAggrMap): keyed by field.
        Assert.Equal("""{"age":27.5,"salary":11000}""",
            (await Call(users, "statisticFieldData", """{"filter": "Q(Q('status', '=', 'active'))", "fieldAggrMap": {"age": "AVG", "salary": "SUM"}}"""))!.ToJsonString());
        Assert.Equal("""{"age":27.5,"salary":11000}""",
            (await Call(users, "statisticFieldData", """{"filter": "Q(status='active')", "fieldAggrMap": {"age": "AVG", "salary": "SUM"}}"""))!.ToJsonString());

        // getExportData(filter, fieldList, page, size).
        var export = (await Call(users, "getExportData", """{"filter": "Q(Q('status', '=', 'active'))", "fieldList": ["name", "email", "department"], "page": 1, "size": 1000}"""))!;
        Assert.Equal("""[{"name":"John","email":"john@x.com","department":"IT"},{"name":"Testing","email":"test@example.com","department":"IT"}]""",
            export["rowDatas"]!.ToJsonString());
        Assert.Equal(2, (long)export["totalCount"]!);

        // aggregate(filter, aggrField, aggrType): a number.
        Assert.Equal(27.5m, (decimal)(await Call(users, "aggregate", """{"filter": "Q(Q('status', '=', 'active'))", "aggrField": "age", "aggrType": "AVG"}"""))!);
        Assert.Equal(27.5m, (decimal)(await Call(users, "aggregate", """{"filter": "Q(status='active')", "aggrField": "age", "aggrType": "AVG"}"""))!);
        Assert.Equal(5, (long)(await Call(users, "aggregate", """{"filter": "", "aggrField": "id", "aggrType": "COUNT"}"""))!);
        Assert.Equal(97, (long)(await Call(users, "aggregate", """{"filter": "Q(category='electronics') | Q(category='books')", "aggrField": "stock", "aggrType": "SUM"}"""))!);
        Assert.Null(await Call(users, "aggregate", """{"filter": "Q(age__gt=100)", "aggrField": "age", "aggrType": "MAX"}"""));

        // getCompareResult(q, bizRow): in memory.
        Assert.True((bool)(await Call(users, "getCompareResult", """{"q": "Q(Q('age', '>=', 18), Q.AND, Q('status', '=', 'active'))", "bizRow": {"age": 25, "status": "active"}}"""))!);
        Assert.True((bool)(await Call(users, "getCompareResult", """{"q": "Q(age__gte=18) & Q(status='active')", "bizRow": {"age": 25, "status": "active"}}"""))!);
        Assert.False((bool)(await Call(users, "getCompareResult", """{"q": "Q(age__gte=18) & Q(status='active')", "bizRow": {"age": 16, "status": "active"}}"""))!);
        Assert.Equal(5, await RawCountAsync("UserModel"));
    }

    [Fact]
    public async Task Documented_writes_work_with_documented_arguments()
    {
        var users = await SeedAsync();

        var created = (await Call(users, "create", """{"rowData": {"name": "Zhang San", "email": "zhangsan@example.com"}}"""))!;
        Assert.Equal(6L, (long)created["id"]!);

        // updateOrAdd(filter, orderList, updateData, addData): updates the match, else adds.
        var updated = (await Call(users, "updateOrAdd",
            """{"filter": "Q(Q('email', '=','test@example.com'))", "orderList": [], "updateData": {"name": "Updated Name"}, "addData": {"name": "New User", "email": "test@example.com"}}"""))!;
        Assert.Equal((4L, "Updated Name"), ((long)updated["id"]!, (string)updated["name"]!));
        var added = (await Call(users, "updateOrAdd",
            """{"filter": "Q(email='new@example.com')", "orderList": [], "updateData": {"name": "Updated Name"}, "addData": {"name": "New User", "email": "new@example.com"}}"""))!;
        Assert.Equal((7L, "New User"), ((long)added["id"]!, (string)added["name"]!));

        // createOrUpdateMany(rowDataList).
        var many = (await Call(users, "createOrUpdateMany",
            """{"rowDataList": [{"name": "User1", "email": "user1@example.com"}, {"name": "User2", "email": "user2@example.com"}]}"""))!;
        Assert.Equal("User1,User2", Names(many));

        // updateByFilter(filter, updateData) and deleteByFilter(filter): counts.
        Assert.Equal(1, (int)(await Call(users, "updateByFilter", """{"filter": "Q(Q('status', '=', 'inactive'))", "updateData": {"status": "expired"}}"""))!);
        Assert.Equal(1, (int)(await Call(users, "deleteByFilter", """{"filter": "Q(Q('status', '=', 'expired'))"}"""))!);

        // updateByPK(pkList, updateData) returns the updated rows; deleteByPK(pkList) how many it deleted (3 is gone).
        Assert.Equal("John,Jane", Names(await Call(users, "updateByPK", """{"pkList": [1, 2, 3], "updateData": {"status": "active"}}""")));
        Assert.Equal(2, (long)(await Call(users, "aggregate", """{"filter": "Q(status='active') & Q(id__in=[1, 2])", "aggrField": "id", "aggrType": "COUNT"}"""))!);
        Assert.Equal(2, (int)(await Call(users, "deleteByPK", """{"pkList": [1, 2, 3]}"""))!);

        // triggerEvent is JitAi's 1/0 switch on the event-firing functions.
        Assert.Equal("P1", Names(await Call(users, "createOrUpdateMany", """{"rowDataList": [{"name": "P1", "email": "p1@x.com"}], "triggerEvent": 0}""")));
        Assert.Equal("P1", Names(await Call(users, "updateByPK", """{"pkList": [10], "updateData": {"stock": 200}, "triggerEvent": 0}""")));
        Assert.Equal(1, (int)(await Call(users, "deleteByPK", """{"pkList": [10], "triggerEvent": 0}"""))!);

        // resetModelData(): every row goes.
        var remaining = await RawCountAsync("UserModel");
        Assert.Equal(remaining, (int)(await Call(users, "resetModelData", "{}"))!);
        Assert.Equal(0, await RawCountAsync("UserModel"));
    }

    [Theory]
    [InlineData("updateByPK", """{"pk": 1, "data": {"name": "x"}}""", "'updateByPK' takes (pkList, updateData, triggerEvent); unexpected argument 'pk'")]
    [InlineData("createOrUpdateMany", """{"rows": []}""", "'createOrUpdateMany' takes (rowDataList, triggerEvent); unexpected argument 'rows'")]
    [InlineData("updateByFilter", """{"filter": "Q(id=1)", "updateData": {"name": "x"}, "triggerEvent": 0}""", "'updateByFilter' takes (filter, updateData); unexpected argument 'triggerEvent'")]
    [InlineData("create", """{"rowData": {"name": "x"}, "triggerEvent": 2}""", "'triggerEvent' must be 1 or 0")]
    [InlineData("query", """{"level": 6}""", "'level' must be between 0 and 5")]
    [InlineData("updateByPK", """{"pkList": [[1]], "updateData": {"name": "x"}}""", "'pkList' must be a list of primary key values")]
    [InlineData("aggregate", """{"filter": "", "aggrField": "age", "aggrType": "MEDIAN"}""", "unknown aggregate 'MEDIAN'")]
    [InlineData("aggregate", """{"filter": "", "aggrField": "name", "aggrType": "SUM"}""", "SUM needs a number field; 'name' is Stext")]
    [InlineData("groupBy", """{"filter": "", "fieldList": ["status", "status"]}""", "two groupBy entries have the key 'status'")]
    [InlineData("groupBy", """{"filter": "", "fieldList": ["status; DROP TABLE x"]}""", "is not a field")]
    [InlineData("groupBy", """{"filter": "", "fieldList": ["name__year"]}""", "grouping by year needs a Date or Datetime field; 'name' is Stext")]
    [InlineData("groupBy", """{"filter": "", "fieldList": ["status"], "orderList": [["count", -1]]}""", "groupBy can order only by its result keys (status)")]
    [InlineData("getFieldData", """{"fieldId": "email", "filter": null, "orderList": [["name", 1]]}""", "its orderList can only name that field")]
    [InlineData("groupBy", """{"fieldList": ["status"]}""", "'groupBy' requires argument 'filter'; it takes (filter, fieldList, orderList, page, size)")]
    [InlineData("updateByPK", """{"pkList": [1]}""", "'updateByPK' requires argument 'updateData'")]
    [InlineData("statisticFieldData", """{"filter": "", "fieldAggrMap": {}}""", "fieldAggrMap is empty")]
    public async Task Wrong_arguments_are_clear_errors_that_change_nothing(string function, string args, string message)
    {
        var users = await SeedAsync();
        var error = await Assert.ThrowsAnyAsync<DataException>(() => Call(users, function, args));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(5, await RawCountAsync("UserModel"));
        Assert.Equal("John", (string)(await users.GetByPKAsync(1))!["name"]!);
    }
}
