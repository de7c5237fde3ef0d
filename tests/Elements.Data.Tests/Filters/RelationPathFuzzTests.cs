using System.Text.Json.Nodes;
using Elements.Data.Dialects;
using Elements.Data.Errors;
using Elements.Data.Filters;
using Elements.Data.Schema;
using Elements.Data.Storage;
using Elements.Data.Tests.Support;

namespace Elements.Data.Tests.Filters;

/// <summary>
/// Relation paths compile to LEFT JOINs; whatever a path or a value holds, the joins and the condition use only the
/// declared columns and tables of the related models and the plan's <c>"jN"</c> aliases (<see cref="SqlShape"/>).
/// </summary>
public sealed class RelationPathFuzzTests
{
    private static readonly Dictionary<string, ModelSchema> Models = new(StringComparer.Ordinal)
    {
        ["models.Country"] = ModelSchema.Parse("""{"table": "countries", "fields": [{"name": "name", "dataType": "Stext"}]}"""),
        ["models.Customer"] = ModelSchema.Parse("""
            {"table": "customers", "fields": [{"name": "custName", "dataType": "Stext"}, {"name": "age", "dataType": "Integer"},
              {"name": "country", "dataType": "RelateData", "generic": "models.Country"},
              {"name": "referrer", "dataType": "RelateData", "generic": "models.Customer"}]}
            """),
        ["models.Order"] = ModelSchema.Parse("""
            {"table": "orders", "fields": [{"name": "orderNo", "dataType": "Stext"}, {"name": "placedAt", "dataType": "Datetime"},
              {"name": "customer", "dataType": "RelateData", "generic": "models.Customer"}]}
            """),
    };

    private static readonly string[] Paths =
    [
        "orderNo", "customer", "customer__custName", "customer__age", "customer__country__name", "customer__referrer__custName",
        "customer__referrer__referrer__country__name", "customer__referrer__referrer__referrer__referrer__age",
    ];

    private static readonly string[] Operators = ["=", "!=", ">", "in", "nin", "like", "nlikeany", "startswith", "isnull", "range", "year"];

    private static readonly HashSet<string> Allowed = Models.Values
        .SelectMany(m => m.Fields.Select(f => f.Name).Append(m.Table))
        .Concat(Enumerable.Range(1, 20).Select(i => "j" + i))
        .ToHashSet(StringComparer.Ordinal);

    private static (string Sql, int Parameters) Compile(Q q, SqlDialect dialect)
    {
        var ps = new SqlParameters(dialect);
        var plan = new JoinPlan(Models["models.Order"], dialect, name => Models[name], qualified: true);
        var where = FilterCompiler.Compile(q, Models["models.Order"], dialect, ps, plan);
        return ($"{plan.Joins} WHERE {where}", ps.Count);
    }

    private static JsonNode? Value(string op, string text) => op switch
    {
        "in" or "nin" or "nlikeany" => new JsonArray(text, text),
        "range" => new JsonArray(text, null),
        "isnull" => JsonValue.Create(true),
        "year" => JsonValue.Create(2026),
        _ => JsonValue.Create(text),
    };

    [Fact]
    public void Hostile_paths_and_values_compile_only_to_declared_columns_tables_and_aliases()
    {
        var hostile = HostileStrings.Fixed.Concat(HostileStrings.Generate(400, 20261206)).ToList();
        var (compiled, refused) = (0, 0);
        foreach (var dialect in new SqlDialect[] { SqliteDialect.Instance, PostgresDialect.Instance })
        {
            foreach (var text in hostile)
            {
                var fields = Paths.Concat([$"customer__{text}", $"{text}__custName", $"customer__country__{text}", $"customer__{text}__name"]);
                foreach (var field in fields)
                {
                    foreach (var op in Operators)
                    {
                        try
                        {
                            var q = Q.Field(field, op, Value(op, text)) & ~Q.Field("customer__country__name", "=", text);
                            var (sql, parameters) = Compile(q, dialect);
                            compiled++;
                            if (SqlShape.Check(sql, parameters, Allowed) is { } problem)
                            {
                                Assert.Fail($"{problem}\npath: {field}\nsql: {sql}");
                            }
                        }
                        catch (Exception ex) when (ex is FilterException or UnknownFieldException or InvalidValueException)
                        {
                            refused++;
                            Assert.StartsWith("DB_", ((DataException)ex).Code, StringComparison.Ordinal);
                        }
                    }
                }
            }
        }

        // Every declared path compiles for the operators its type takes; the hostile ones never do.
        Assert.True(compiled > 10_000, $"compiled {compiled}");
        Assert.True(refused > 10_000, $"refused {refused}");
    }

    [Fact]
    public void Each_path_prefix_is_joined_once_with_its_own_alias()
    {
        var (sql, _) = Compile(Q.Parse("Q('customer__custName', 'a') | Q('customer__country__name', 'b') | Q('customer__referrer__custName', 'c') | Q('customer__age', 1)"),
            PostgresDialect.Instance);
        Assert.Equal(
            " LEFT JOIN \"customers\" AS \"j1\" ON \"j1\".\"id\" = \"orders\".\"customer\""
            + " LEFT JOIN \"countries\" AS \"j2\" ON \"j2\".\"id\" = \"j1\".\"country\""
            + " LEFT JOIN \"customers\" AS \"j3\" ON \"j3\".\"id\" = \"j1\".\"referrer\""
            + " WHERE (\"j1\".\"custName\" = $1 OR \"j2\".\"name\" = $2 OR \"j3\".\"custName\" = $3 OR \"j1\".\"age\" = $4)", sql);
    }

    [Theory]
    [InlineData("\"orders\".\"nope\" = @p0", "unknown field")]
    [InlineData("\"j1\".\"custName\" = @p0; DROP TABLE x", "token")]
    [InlineData("\"orders\" . \"orderNo\" = @p0", "token")]
    public void The_join_whitelist_rejects_what_it_should(string sql, string problem) =>
        Assert.Contains(problem, SqlShape.Check(sql, 1, Allowed) ?? "(accepted)", StringComparison.Ordinal);
}
