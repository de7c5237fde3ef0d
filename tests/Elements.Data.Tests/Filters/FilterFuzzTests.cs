using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Elements.Data.Tests;

/// <summary>
/// No input — as filter text, as a value, or as a field name — may escape the parser's error type or change the
/// shape of the generated SQL.
/// </summary>
public sealed class FilterFuzzTests
{
    private static readonly ModelSchema People = ModelSchema.Parse("""
        {"table": "people", "fields": [
          {"name": "name", "dataType": "Stext"}, {"name": "age", "dataType": "Integer"}, {"name": "status", "dataType": "Stext"}
        ]}
        """);

    private static (string Sql, int Parameters) Compile(Q q, SqlDialect dialect)
    {
        var ps = new SqlParameters(dialect);
        return (FilterCompiler.Compile(q, People, dialect, ps), ps.Count);
    }

    private static IEnumerable<string> AllHostile() => HostileStrings.Fixed.Concat(HostileStrings.Generate(12_000, 20261125));

    [Fact]
    public void Parser_throws_only_filter_errors_and_never_hangs()
    {
        var clock = Stopwatch.StartNew();
        var parsed = 0;
        var rejected = 0;
        foreach (var text in AllHostile())
        {
            var one = Stopwatch.StartNew();
            try
            {
                var q = Q.Parse(text);
                parsed++;
                // Anything that parses prints back to something that parses identically.
                Assert.Equal(q.ToString(), Q.Parse(q.ToString()).ToString());
                try
                {
                    Compile(q, SqliteDialect.Instance);
                }
                catch (Exception ex) when (ex is UnknownFieldException or InvalidValueException)
                {
                }
            }
            catch (FilterException ex)
            {
                rejected++;
                Assert.NotNull(ex.Position);
                Assert.InRange(ex.Position!.Value, 0, Math.Max(text.Length, Q.MaxLength));
            }
            Assert.True(one.ElapsedMilliseconds < 1000, $"parsing took {one.ElapsedMilliseconds} ms");
        }
        Assert.True(parsed + rejected >= 10_000);
        Assert.True(rejected > 1000);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Hostile_values_never_change_the_sql_shape()
    {
        foreach (var dialect in new SqlDialect[] { SqliteDialect.Instance, PostgresDialect.Instance })
        {
            var eq = Compile(Q.Parse("Q('name', '=', 'x')"), dialect);
            var like = Compile(Q.Parse("Q('name', 'like', 'x')"), dialect);
            var inList = Compile(Q.Parse("Q(Q('name', 'in', ['x', 'y']), Q.OR, Q('status', 'startswith', 'x'))"), dialect);
            var count = 0;
            foreach (var s in AllHostile())
            {
                count++;
                var literal = QParser.Quote(s);
                Assert.Equal(s, (string)((QCondition)Q.Parse($"Q('name', '=', {literal})")).Value!);
                // Text no database stores faithfully (NUL, lone surrogates) is rejected as a value error.
                var storable = ValueCodec.CheckText(s) is null;
                void Same((string, int) expected, Func<Q> build)
                {
                    if (storable) Assert.Equal(expected, Compile(build(), dialect));
                    else Assert.Throws<InvalidValueException>(() => Compile(build(), dialect));
                }
                Same(eq, () => Q.Parse($"Q('name', '=', {literal})"));
                Same(eq, () => Q.Eq("name", s));
                Same(eq, () => Q.From(new JsonObject { ["name"] = s })!);
                Same(like, () => Q.Field("name", "like", s));
                Same(inList, () => Q.Parse($"Q(Q('name', 'in', [{literal}, {literal}]), Q.OR, Q('status', 'startswith', {literal}))"));
                // As a field name it can only be an unknown field (or the parser rejects it), never SQL.
                var ex = Record.Exception(() => Compile(Q.Parse($"Q({literal}, '=', 1)"), dialect));
                Assert.True(ex is UnknownFieldException or FilterException, ex?.GetType().Name);
            }
            Assert.True(count >= 10_000);
        }
    }

    [Fact]
    public void Compiled_sql_contains_no_values()
    {
        var q = Q.Parse("Q(Q('name', '=', 'Robert\\'); DROP TABLE people;--'), Q.AND, Q('age', 'range', [1, 2]), Q.OR, Q('status', 'nin', ['a']))");
        var (sql, parameters) = Compile(q, PostgresDialect.Instance);
        Assert.Equal("((\"name\" = @p0 AND (\"age\" >= @p1 AND \"age\" <= @p2)) OR (\"status\" NOT IN (@p3) OR \"status\" IS NULL))", sql);
        Assert.Equal(4, parameters);
    }
}
