using System.Text.Json.Nodes;

namespace Elements.Testing.JitAi;

/// <summary>
/// The code examples of JitAi's JitORM reference (jitai-team/jitai-docs: <c>q-expressions.md</c> in its positional and
/// its keyword revision, <c>data-models.md</c> in both revisions), transcribed verbatim against one sample user model,
/// with the rows each must select. Data, HTTP and <c>InvokeAsync</c> suites run the same list on SQLite and PostgreSQL.
/// </summary>
public static class JitOrmExamples
{
    /// <summary>The sample model's fields: every field name the examples use (the order/product examples' fields included).</summary>
    public const string Fields = """
        [
          {"name": "name", "dataType": "Stext", "maxLen": 50},
          {"name": "email", "dataType": "Stext", "unique": true},
          {"name": "age", "dataType": "Integer"},
          {"name": "status", "dataType": "Stext", "maxLen": 20},
          {"name": "department", "dataType": "Stext"},
          {"name": "role", "dataType": "Stext"},
          {"name": "level", "dataType": "Integer"},
          {"name": "salary", "dataType": "Money"},
          {"name": "amount", "dataType": "Numeric", "decimal": 2},
          {"name": "remark", "dataType": "Ltext"},
          {"name": "vip", "dataType": "Checkbox"},
          {"name": "is_deleted", "dataType": "Checkbox"},
          {"name": "is_hidden", "dataType": "Checkbox"},
          {"name": "createdAt", "dataType": "Datetime"},
          {"name": "createTime", "dataType": "Datetime"},
          {"name": "create_time", "dataType": "Date"},
          {"name": "code", "dataType": "Stext"},
          {"name": "tags", "dataType": "Stext"},
          {"name": "category", "dataType": "Stext"},
          {"name": "stock", "dataType": "Integer"},
          {"name": "expire_date", "dataType": "Date"},
          {"name": "address", "dataType": "Address"}
        ]
        """;

    /// <summary>Five users (keys 1 to 5 in this order; Amy has no address). ISO weeks: 2023-10-02 is week 40, 2024-03-22 week 12,
    /// 2023-01-01 week 52 of 2022, 2024-12-30 week 1 of 2025.</summary>
    public static IReadOnlyList<JsonObject> Rows() =>
    [
        Row("""{"name": "John", "email": "john@x.com", "age": 30, "status": "active", "department": "IT", "role": "admin", "level": 3, "salary": 5000, "amount": 150, "vip": true, "is_deleted": false, "is_hidden": false, "createdAt": "2023-10-02T08:00:00Z", "createTime": "2023-10-02T08:00:00Z", "create_time": "2023-10-02", "code": "A1", "tags": "A,B", "category": "electronics", "stock": 5, "expire_date": "2023-06-30", "address": {"province": "Beijing", "city": "Beijing", "district": "Chaoyang"}}"""),
        Row("""{"name": "Jane", "email": "jane@x.com", "age": 17, "status": "pending", "department": "Dev", "role": "manager", "level": 2, "salary": 8000, "amount": 200, "remark": "note", "vip": false, "is_deleted": false, "is_hidden": false, "createdAt": "2024-03-22T00:00:00Z", "createTime": "2024-03-22T00:00:00Z", "create_time": "2024-03-22", "code": "BX", "tags": "C", "category": "electronics", "stock": 40, "expire_date": "2025-01-01", "address": {"province": "Guangdong", "city": "Shenzhen", "district": "Nanshan District"}}"""),
        Row("""{"name": "Tom", "email": "tom@x.com", "age": 45, "status": "inactive", "department": "HR", "role": "staff", "level": 4, "salary": 12000, "amount": 300, "vip": false, "is_deleted": true, "is_hidden": false, "createdAt": "2023-01-01T00:00:00Z", "createTime": "2023-01-01T00:00:00Z", "create_time": "2023-01-01", "code": "A9X", "tags": "X,Y", "category": "books", "stock": 2, "address": {"province": "广东", "city": "深圳", "district": "南山区"}}"""),
        Row("""{"name": "Testing", "email": "test@example.com", "age": 25, "status": "active", "department": "IT", "role": "manager", "level": 1, "salary": 6000, "amount": 120, "remark": "testing", "vip": true, "is_deleted": false, "is_hidden": true, "createdAt": "2024-12-30T10:00:00Z", "createTime": "2024-12-30T10:00:00Z", "create_time": "2024-12-30", "code": "B2", "tags": "A", "category": "electronics", "stock": 50, "expire_date": "2023-12-31", "address": {"province": "Shanghai", "city": "Shanghai", "district": "Pudong"}}"""),
        Row("""{"name": "Amy", "email": "amy@x.com", "status": "deleted", "department": "HR", "role": "admin", "level": 5, "vip": false, "is_deleted": false, "is_hidden": false, "createdAt": "2024-06-15T00:00:00Z", "createTime": "2024-06-15T00:00:00Z", "create_time": "2024-06-15"}"""),
    ];

    /// <summary>Every Q example of the reference (both revisions), verbatim, with the names it selects (sorted, comma-separated).</summary>
    public static IReadOnlyList<(string Filter, string Names)> QExamples { get; } =
    [
        // q-expressions.md, positional revision: the operator table.
        ("Q('age', '=', 18)", ""),
        ("Q('age', '!=', 18)", "Amy,Jane,John,Testing,Tom"),
        ("Q('age', '>', 18)", "John,Testing,Tom"),
        ("Q('age', '>=', 18)", "John,Testing,Tom"),
        ("Q('age', '<', 18)", "Jane"),
        ("Q('age', '<=', 18)", "Jane"),
        ("Q('status', 'in', ['active', 'pending'])", "Jane,John,Testing"),
        ("Q('status', 'nin', ['deleted'])", "Jane,John,Testing,Tom"),
        ("Q('name', 'like', 'John')", "John"),
        ("Q('name', 'nlike', 'Test')", "Amy,Jane,John,Tom"),
        ("Q('code', 'startswith', 'A')", "John,Tom"),
        ("Q('code', 'endswith', 'X')", "Jane,Tom"),
        ("Q('tags', 'likeany', ['A', 'B'])", "John,Testing"),
        ("Q('tags', 'nlikeany', ['X', 'Y'])", "Jane,John,Testing"),
        ("Q('remark', 'isnull', 1)", "Amy,John,Tom"),
        ("Q('age', 'range', [18, 30])", "John,Testing"),
        ("Q('createTime', 'year', 2023)", "John,Tom"),
        ("Q('createTime', 'month', 10)", "John"),
        ("Q('createTime', 'week', 40)", "John"),
        ("Q('createTime', 'day', 1)", "Tom"),
        ("Q('address', 'belong', {\"province\": \"Beijing\"})", "John"),
        ("Q('address', 'nbelong', {\"province\": \"Shanghai\"})", "Amy,Jane,John,Tom"),
        ("Q('address', 'province', 'Guangdong')", "Jane"),
        ("Q('address', 'city', 'Shenzhen')", "Jane"),
        ("Q('address', 'district', 'Nanshan District')", "Jane"),
        ("""
         Q('address', 'belong', {
             "province": "Beijing",
             "city": "",
             "district": ""
         })
         """, "John"),
        // The positional revision's other examples.
        ("Q('age', 'gt', 18)", "John,Testing,Tom"),
        ("Q(Q('age', 'gt', 18), Q.AND, Q('age', 'lt', 30))", "Testing"),
        ("""
         Q(
             Q(Q('age', 'gt', 18), Q.AND, Q('age', 'lt', 30)),
             Q.OR,
             Q('vip', '=', 1)
         )
         """, "John,Testing"),
        ("Q(Q('status', '=', 'active'))", "John,Testing"),
        ("Q(Q('amount', 'gt', 100), Q.AND, Q('createTime', 'year', 2023))", "John,Tom"),
        // q-expressions.md, keyword revision.
        ("Q(name='John')", "John"),
        ("Q(status='active')", "John,Testing"),
        ("Q(age__gt=18)", "John,Testing,Tom"),
        ("Q(age__gte=18)", "John,Testing,Tom"),
        ("Q(age__lt=30)", "Jane,Testing"),
        ("Q(age__lte=30)", "Jane,John,Testing"),
        ("Q(age__ne=20)", "Amy,Jane,John,Testing,Tom"),
        ("Q(status__in=['active', 'pending'])", "Jane,John,Testing"),
        ("Q(status__nin=['deleted', 'blocked'])", "Jane,John,Testing,Tom"),
        ("Q(name__like='%John%')", "John"),
        ("Q(name__nlike='%test%')", "Amy,Jane,John,Tom"),
        ("Q(name__likeany=['John', 'Jane'])", "Jane,John"),
        ("Q(name__nlikeany=['test', 'demo'])", "Amy,Jane,John,Tom"),
        ("Q(name__startswith='A')", "Amy"),
        ("Q(name__endswith='ing')", "Testing"),
        ("Q(remark__isnull=True)", "Amy,John,Tom"),
        ("Q(remark__isnull=False)", "Jane,Testing"),
        ("Q(age__range=(18, 30))", "John,Testing"),
        ("Q(salary__range=(5000, 10000))", "Jane,John,Testing"),
        ("Q(age__gt=18) & Q(age__lt=30)", "Testing"),
        ("Q(status='active') & Q(department='IT')", "John,Testing"),
        ("Q(status='active') | Q(status='pending')", "Jane,John,Testing"),
        ("Q(department='IT') | Q(department='HR')", "Amy,John,Testing,Tom"),
        ("~Q(status='inactive')", "Amy,Jane,John,Testing"),
        ("~Q(is_deleted=True)", "Amy,Jane,John,Testing"),
        ("(Q(age__gt=18) & Q(age__lt=30)) | Q(vip=True)", "John,Testing"),
        ("Q(department='IT') & (Q(role='admin') | Q(role='manager'))", "John,Testing"),
        ("~(Q(status='deleted') | Q(is_hidden=True))", "Jane,John,Tom"),
        ("Q(Q(age__gt=18) & (Q(status='active') | Q(status='pending')))", "John,Testing"),
        ("Q((Q(department='IT') | Q(department='Dev')) & Q(level__gte=3))", "John"),
        ("Q(create_time__year=2024)", "Amy,Jane,Testing"),
        ("Q(create_time__month=3)", "Jane"),
        ("Q(create_time__week=12)", "Jane"),
        ("Q(create_time__day=15)", "Amy"),
        ("Q(address__province='广东')", "Tom"),
        ("Q(address__city='深圳')", "Tom"),
        ("Q(address__district='南山区')", "Tom"),
        ("(Q(status='pending') | Q(status='processing')) & Q(amount__gt=100) & Q(create_time__gte='2024-01-01')", "Jane"),
        ("Q(category='electronics') & Q(stock__lt=10)", "John"),
        ("Q(expire_date__lt='2024-01-01')", "John,Testing"),
        // data-models.md and TQL.md filters.
        ("Q(Q('id', '=', 1))", "John"),
        ("Q(Q('id', '=', '1'))", "John"),
        ("Q(id=1)", "John"),
        ("Q(Q('email', '=','test@example.com'))", "Testing"),
        ("Q(email='test@example.com')", "Testing"),
        ("Q(Q('status', '=', 'inactive'))", "Tom"),
        ("Q(Q('age', '>=', 18), Q.AND, Q('status', '=', 'active'))", "John,Testing"),
        ("Q(age__gte=18) & Q(status='active')", "John,Testing"),
        ("Q(Q('age', '>', 18))", "John,Testing,Tom"),
        ("Q('age', '>', 18)", "John,Testing,Tom"),
        ("Q(Q('age', '>', 10) | Q('level', '<', 2))", "Jane,John,Testing,Tom"),
        ("Q(Q('level', '=', 1), 'Q.or', Q('level', '=', 2))", "Jane,Testing"),
    ];

    private static JsonObject Row(string json) => JsonNode.Parse(json)!.AsObject();
}
