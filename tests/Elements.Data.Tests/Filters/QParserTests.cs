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
    [InlineData("Q('age', 'gte', 18)", 9, "unknown operator 'gte'")]
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
        Assert.Throws<FilterException>(() => Q.Field("a", "gte", 1));
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
