using System.Text.Json.Nodes;
using Elements.Data.Errors;
using Elements.Data.Filters;

namespace Elements.Data.Tests.Filters;

public sealed class QParserTests
{
    [Fact]
    public void Parses_jitai_form_into_a_tree()
    {
        var q = Assert.IsType<QGroup>(Q.Parse("Q(Q('age', '>=', 18), Q.AND, Q('status', 'in', ['a', 'b']))"));
        Assert.Equal(QConnector.And, q.Connector);
        var age = Assert.IsType<QCondition>(q.Children[0]);
        Assert.Equal(("age", ">=", 18L), (age.FieldName, age.Operator, (long)age.Value!));
        var status = Assert.IsType<QCondition>(q.Children[1]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""["a", "b"]"""), status.Value));
    }

    [Theory]
    [InlineData("Q('a', '=', 'x')", "x")]
    [InlineData("Q(\"a\", \"=\", \"x\")", "x")]
    [InlineData("Q('a', '=', 'it\\'s')", "it's")]
    [InlineData("Q('a', '=', \"it's\")", "it's")]
    [InlineData("Q('a', '=', 'tab\\there\\n')", "tab\there\n")]
    [InlineData("Q('a', '=', '\\u00e9\\x41')", "éA")]
    [InlineData("Q('a', '=', 'back\\\\slash')", "back\\slash")]
    [InlineData("Q('a', '=', '\\d')", "\\d")]
    [InlineData("  Q ( 'a' , '=' , 'x' , )  ", "x")]
    public void Strings_and_escapes(string text, string expected)
        => Assert.Equal(expected, (string)((QCondition)Q.Parse(text)).Value!);

    [Theory]
    [InlineData("Q('a', '=', 18)", "18")]
    [InlineData("Q('a', '=', -18)", "-18")]
    [InlineData("Q('a', '=', 1.25)", "1.25")]
    [InlineData("Q('a', '=', 1e3)", "1000")]
    [InlineData("Q('a', '=', true)", "true")]
    [InlineData("Q('a', '=', False)", "false")]
    [InlineData("Q('a', '=', None)", "null")]
    [InlineData("Q('a', '=', null)", "null")]
    [InlineData("Q('a', 'in', [1, 'x', null, 2.5,])", "[1,\"x\",null,2.5]")]
    [InlineData("Q('a', 'in', (1, 2))", "[1,2]")]
    [InlineData("Q('a', 'range', [1, 10])", "[1,10]")]
    public void Values(string text, string json)
    {
        var value = ((QCondition)Q.Parse(text)).Value;
        Assert.Equal(json, value is null ? "null" : JsonNode.Parse(value.ToJsonString())!.ToJsonString().Replace("1E+3", "1000", StringComparison.Ordinal).Replace("1000.0", "1000", StringComparison.Ordinal));
    }

    [Fact]
    public void And_binds_tighter_than_or_and_nesting_works()
    {
        var q = Assert.IsType<QGroup>(Q.Parse("Q(Q('a', 1), Q.OR, Q('b', 2), Q.AND, Q('c', 3))"));
        Assert.Equal(QConnector.Or, q.Connector);
        Assert.IsType<QCondition>(q.Children[0]);
        Assert.Equal(QConnector.And, Assert.IsType<QGroup>(q.Children[1]).Connector);
        var implicitAnd = Assert.IsType<QGroup>(Q.Parse("Q(Q('a', 1), Q('b', 2))"));
        Assert.Equal(QConnector.And, implicitAnd.Connector);
        var ops = Assert.IsType<QGroup>(Q.Parse("(Q('a', 1) | Q('b', 2)) & Q('c', 3)"));
        Assert.Equal(QConnector.And, ops.Connector);
        Assert.IsType<QCondition>(Q.Parse("Q(Q(Q('a', 1)))"));
    }

    [Theory]
    // Aliases, upper-case names and isnull's 1/0 are stored canonically: every spelling is the same tree.
    [InlineData("Q('age', 'gt', 18)", "Q('age', '>', 18)")]
    [InlineData("Q('age', 'GTE', 18)", "Q('age', '>=', 18)")]
    [InlineData("Q('age', 'lt', 18)", "Q('age', '<', 18)")]
    [InlineData("Q('age', 'lte', 18)", "Q('age', '<=', 18)")]
    [InlineData("Q('age', 'ne', 18)", "Q('age', '!=', 18)")]
    [InlineData("Q('age', 'eq', 18)", "Q('age', '=', 18)")]
    [InlineData("Q('s', 'LIKEANY', ['a'])", "Q('s', 'likeany', ['a'])")]
    [InlineData("Q(Q('full_address', 'contains', 'Hangzhou'), Q.AND, Q('order_no', 'startswith', 'ORD'))", "Q(full_address__like='Hangzhou') & Q(order_no__startswith='ORD')")]
    [InlineData("Q(full_address__contains='Hangzhou')", "Q('full_address', 'like', 'Hangzhou')")]
    [InlineData("Q('remark', 'isnull', 1)", "Q('remark', 'isnull', true)")]
    [InlineData("Q('remark', 'isnull', 0)", "Q('remark', 'isnull', false)")]
    // Keyword form == positional form.
    [InlineData("Q(name='John')", "Q('name', '=', 'John')")]
    [InlineData("Q(age__gt=18)", "Q('age', '>', 18)")]
    [InlineData("Q(age__gte=18)", "Q('age', '>=', 18)")]
    [InlineData("Q(age__lt=30)", "Q('age', '<', 30)")]
    [InlineData("Q(age__lte=30)", "Q('age', '<=', 30)")]
    [InlineData("Q(age__ne=20)", "Q('age', '!=', 20)")]
    [InlineData("Q(status__in=['active', 'pending'])", "Q('status', 'in', ['active', 'pending'])")]
    [InlineData("Q(status__nin=['deleted', 'blocked'])", "Q('status', 'nin', ['deleted', 'blocked'])")]
    [InlineData("Q(name__like='John')", "Q('name', 'like', 'John')")]
    [InlineData("Q(name__nlike='test')", "Q('name', 'nlike', 'test')")]
    [InlineData("Q(name__likeany=['John', 'Jane'])", "Q('name', 'likeany', ['John', 'Jane'])")]
    [InlineData("Q(name__nlikeany=['test', 'demo'])", "Q('name', 'nlikeany', ['test', 'demo'])")]
    [InlineData("Q(name__startswith='A')", "Q('name', 'startswith', 'A')")]
    [InlineData("Q(name__endswith='ing')", "Q('name', 'endswith', 'ing')")]
    [InlineData("Q(remark__isnull=True)", "Q('remark', 'isnull', 1)")]
    [InlineData("Q(remark__isnull=False)", "Q('remark', 'isnull', 0)")]
    [InlineData("Q(age__range=(18, 30))", "Q('age', 'range', [18, 30])")]
    [InlineData("Q(create_time__year=2024)", "Q('create_time', 'year', 2024)")]
    [InlineData("Q(create_time__month=3)", "Q('create_time', 'month', 3)")]
    [InlineData("Q(create_time__week=12)", "Q('create_time', 'week', 12)")]
    [InlineData("Q(create_time__day=15)", "Q('create_time', 'day', 15)")]
    [InlineData("Q(address__province='广东')", "Q('address', 'province', '广东')")]
    [InlineData("Q(address__city='深圳')", "Q('address', 'city', '深圳')")]
    [InlineData("Q(address__district='南山区')", "Q('address', 'district', '南山区')")]
    [InlineData("Q(customer__custName='John')", "Q('customer__custName', '=', 'John')")]
    [InlineData("Q(id=5)", "Q(Q('id', '=', 5))")]
    [InlineData("Q(status='active', age__gte=18)", "Q(Q('status', '=', 'active'), Q.AND, Q('age', '>=', 18))")]
    [InlineData("Q(status='active') & Q(age__gte=18)", "Q(Q('status', '=', 'active'), Q.AND, Q('age', '>=', 18))")]
    [InlineData("Q(age__gt=18) & Q(age__lt=30)", "Q(Q('age', 'gt', 18), Q.AND, Q('age', 'lt', 30))")]
    [InlineData("Q(status='active') | Q(status='pending')", "Q(Q('status', '=', 'active'), Q.OR, Q('status', '=', 'pending'))")]
    [InlineData("(Q(age__gt=18) & Q(age__lt=30)) | Q(vip=True)", "Q(Q(Q('age', 'gt', 18), Q.AND, Q('age', 'lt', 30)), Q.OR, Q('vip', '=', true))")]
    [InlineData("Q(department='IT') & (Q(role='admin') | Q(role='manager'))", "Q(Q('department', '=', 'IT'), Q.AND, Q(Q('role', '=', 'admin'), Q.OR, Q('role', '=', 'manager')))")]
    [InlineData("Q(Q(age__gt=18) & (Q(status='active') | Q(status='pending')))", "Q(Q('age', '>', 18), Q.AND, Q(Q('status', '=', 'active'), Q.OR, Q('status', '=', 'pending')))")]
    [InlineData("Q((Q(department='IT') | Q(department='Dev')) & Q(level__gte=3))", "Q(Q(Q('department', '=', 'IT'), Q.OR, Q('department', '=', 'Dev')), Q.AND, Q('level', '>=', 3))")]
    [InlineData("~Q(status='inactive')", "~Q('status', '=', 'inactive')")]
    [InlineData("~(Q(status='deleted') | Q(is_hidden=True))", "~Q(Q('status', '=', 'deleted'), Q.OR, Q('is_hidden', '=', True))")]
    [InlineData("Q(Q('f1', '>', 10) | Q('f2', '<', 5))", "Q(Q('f1', '>', 10), Q.OR, Q('f2', '<', 5))")]
    [InlineData("Q(Q('f1', '=', 1), Q.or, Q('f2', '=', 2))", "Q('f1', '=', 1) | Q('f2', '=', 2)")]
    [InlineData("Q(Q(\"f1\", \"=\", 1), \"Q.or\", Q(\"f2\", \"=\", 2))", "Q('f1', '=', 1) | Q('f2', '=', 2)")]
    [InlineData("Q(Q('f1', '=', 1), 'Q.AND', Q('f2', '=', 2))", "Q('f1', '=', 1) & Q('f2', '=', 2)")]
    public void Both_string_forms_and_all_spellings_parse_to_the_same_tree(string text, string same)
        => Assert.Equal(Q.Parse(same).ToString(), Q.Parse(text).ToString());

    [Fact]
    public void Documented_examples_parse()
    {
        string[] examples =
        [
            "Q(Q('age', '>', 18))", "Q('age', 'gt', 18)", "Q('status', 'in', ['active', 'pending'])", "Q('name', 'like', 'John')",
            "Q('remark', 'isnull', 1)", "Q('customer__custName', '=', 'John')",
            "Q('address', 'belong', {\"province\": \"Beijing\", \"city\": \"\", \"district\": \"\"})",
            "Q('address', 'nbelong', {\"province\": \"Shanghai\"})", "Q('address', 'province', 'Guangdong')",
            "Q(Q('age', 'gt', 18), Q.AND, Q('age', 'lt', 30))",
            "Q(\n    Q(Q('age', 'gt', 18), Q.AND, Q('age', 'lt', 30)),\n    Q.OR,\n    Q('vip', '=', 1)\n)",
            "Q(Q('status', '=', 'active'))", "Q(Q('amount', 'gt', 100), Q.AND, Q('createTime', 'year', 2023))",
            "Q(Q('year', '=', 2023), Q.AND, Q('region', 'in', ['East China','South China']))", "Q('quarter', '=', 'Q4')",
            "Q(Q('id', '=', '1'))", "Q('tags', 'likeany', ['A', 'B'])", "Q('tags', 'nlikeany', ['X', 'Y'])",
            "Q('age', 'range', [18, 30])", "Q('createTime', 'week', 40)", "Q('createTime', 'day', 1)",
            "Q('address', 'district', 'Nanshan District')", "Q('code', 'endswith', 'X')", "Q('status', 'nin', ['deleted'])",
            "Q(salary__range=(5000, 10000))", "~Q(is_deleted=True)",
            "(Q(status='pending') | Q(status='processing')) & Q(amount__gt=100) & Q(create_time__gte='2024-01-01')",
            "Q(category='electronics') & Q(stock__lt=10)", "Q(expire_date__lt='2024-01-01')", "Q(email='user@example.com')",
            "Q(user_type='vip') & Q(status__in=['active', 'inactive'])", "Q(productName__like='Pho')",
            "Q(typeOfProduct='P001') & Q(number__lt=50)", "Q(\"user__dept__name\", \"=\", \"Sales\")",
        ];
        foreach (var text in examples)
        {
            var q = Q.Parse(text);
            Assert.Equal(q.ToString(), Q.Parse(q.ToString()).ToString());
        }

        var belong = Assert.IsType<QCondition>(Q.Parse(examples[6]));
        Assert.Equal("""{"province":"Beijing","city":"","district":""}""", belong.Value!.ToJsonString());
        var not = Assert.IsType<QNot>(Q.Parse("~Q(is_deleted=True)"));
        Assert.Equal(("is_deleted", "="), (((QCondition)not.Inner).FieldName, ((QCondition)not.Inner).Operator));
    }

    [Fact]
    public void ToString_round_trips()
    {
        var q = Q.And(Q.Field("name", "like", "it's \"x\"\n\\"), Q.Or(Q.Eq("a", null), Q.Field("b", "in", new object?[] { 1, "two", null })));
        var text = q.ToString();
        Assert.Equal(text, Q.Parse(text).ToString());
    }

    [Theory]
    // 0-based character offsets of the offending token.
    [InlineData("Q('age', '>=' 18)", 14, "expected ','")]
    [InlineData("Q('age', '>=', 18", 17, "expected ')'")]
    [InlineData("Q('age', 'gtx', 18)", 9, "unknown operator 'gtx'")]
    [InlineData("Q(age__gte=)", 11, "expected a value")]
    [InlineData("Q(age=1, 'x')", 9, "expected another name=value")]
    [InlineData("Q(__gte=1)", 2, "names no field")]
    [InlineData("Q(age==1)", 2, "expected 'Q('")]
    [InlineData("Q(age__in=5)", 10, "needs a list")]
    [InlineData("Q('a', 'likeany', ['x', 1])", 18, "list of strings")]
    [InlineData("Q('a', 'likeany', 'x')", 18, "list of strings")]
    [InlineData("Q('a', 'isnull', 2)", 17, "1 or 0")]
    [InlineData("Q('a', 'year', 2024.5)", 15, "whole number")]
    [InlineData("Q('a', 'week', '9')", 15, "whole number")]
    [InlineData("Q('a', 'belong', 1)", 17, "needs an object")]
    [InlineData("Q('a', 'city', 5)", 15, "needs a string")]
    [InlineData("Q('a', '=', [1])", 12, "not a list")]
    [InlineData("Q('a', 'belong', {'k': 1, 'k': 2})", 26, "appears twice")]
    [InlineData("Q('a', 'belong', {'k' 1})", 22, "expected ':'")]
    [InlineData("~", 1, "expected 'Q('")]
    [InlineData("Q(Q('a', 1), 'Q.XOR', Q('b', 2))", 13, "expected 'Q('")]
    [InlineData("~Q('a', 1) ~", 11, "after the end")]
    [InlineData("Q('age', '>=', 'x)", 15, "unterminated string")]
    [InlineData("Q('age, '>=', 18)", 9, "expected ','")]
    [InlineData("Q(Q('a', 1), Q.XOR, Q('b', 2))", 13, "Q.AND or Q.OR")]
    [InlineData("Q('a', 'in', 5)", 13, "needs a list")]
    [InlineData("Q('a', 'range', [1])", 16, "two values")]
    [InlineData("Q('a', 'isnull', 'yes')", 17, "true or false")]
    [InlineData("Q('a', 'like', 5)", 15, "needs a string")]
    [InlineData("Q('a', '>', null)", 12, "cannot compare with null")]
    [InlineData("Q('a', '=', abc)", 12, "must be quoted")]
    [InlineData("Q('a', '=', 1) garbage", 15, "after the end")]
    [InlineData("Q()", 2, "empty")]
    [InlineData("", 0, "empty")]
    [InlineData("R('a', 1)", 0, "expected 'Q('")]
    [InlineData("Q('', '=', 1)", 2, "field name is empty")]
    [InlineData("Q('a', '=', 1e)", 14, "exponent")]
    [InlineData("Q('a', '=', '\\u12')", 13, "escape")]
    [InlineData("Q(1, '=', 2)", 2, "expected 'Q('")]
    public void Malformed_filters_report_the_position(string text, int position, string message)
    {
        var ex = Assert.Throws<FilterException>(() => Q.Parse(text));
        Assert.Equal("DB_BAD_FILTER", ex.Code);
        Assert.Equal(position, ex.Position);
        Assert.Contains(message, ex.Message);
        Assert.Contains($"position {position} (0-based)", ex.Message);
        Assert.Equal(position, (int)ex.Details!["position"]!);
    }

    [Fact]
    public void Depth_length_and_list_size_are_limited()
    {
        var deep = string.Concat(Enumerable.Repeat("Q(", 40)) + "Q('a', 1)" + new string(')', 40);
        var ex = Assert.Throws<FilterException>(() => Q.Parse(deep));
        Assert.Contains("nested deeper", ex.Message);
        Assert.Equal(2 * Q.MaxDepth, ex.Position);
        Assert.Throws<FilterException>(() => Q.Parse("Q('a', 'in', " + new string('[', 10000) + ")"));
        Assert.Throws<FilterException>(() => Q.Parse(new string('(', 100000)));
        var huge = Assert.Throws<FilterException>(() => Q.Parse("Q('a', '=', '" + new string('x', 1_000_000) + "')"));
        Assert.Contains("at most", huge.Message);
        var longList = "Q('a', 'in', [" + string.Join(",", Enumerable.Range(0, 1001)) + "])";
        Assert.Contains("at most 1000", Assert.Throws<FilterException>(() => Q.Parse(longList)).Message);
        var fine = string.Concat(Enumerable.Repeat("Q(", 30)) + "Q('a', 1)" + new string(')', 30);
        Assert.IsType<QCondition>(Q.Parse(fine));
        Assert.Throws<FilterException>(() => Q.And(Enumerable.Range(0, 40).Aggregate((Q)Q.Eq("a", 1), (q, _) => Q.Or(q, Q.Eq("b", 2)))));
    }

    [Fact]
    public void Builder_validates_operator_and_value_shape()
    {
        Assert.Throws<FilterException>(() => Q.Field("a", "gtx", 1));
        Assert.Throws<FilterException>(() => Q.Field("a", "isnull", 2));
        Assert.Throws<FilterException>(() => Q.Field("a", "likeany", "x"));
        Assert.Throws<FilterException>(() => Q.Field("a", "in", 1));
        Assert.Throws<FilterException>(() => Q.Field("a", "range", new[] { 1, 2, 3 }));
        Assert.Throws<FilterException>(() => Q.From(JsonNode.Parse("[1]")));
        Assert.Null(Q.From(null));
        Assert.Null(Q.From(JsonValue.Create("  ")));
        Assert.Throws<FilterException>(() => OrderBy.ParseList(JsonNode.Parse("""[["a", 2]]""")));
        Assert.Throws<FilterException>(() => OrderBy.ParseList(JsonNode.Parse("""["a"]""")));
        Assert.Equal([new OrderBy("a"), new OrderBy("b", true)], OrderBy.ParseList(JsonNode.Parse("""[["a", 1], ["b", -1]]""")));
    }
}
