using System.Diagnostics;
using System.Text.Json.Nodes;
using Elements.Data.Dialects;
using Elements.Data.Errors;
using Elements.Data.Filters;
using Elements.Data.Schema;
using Elements.Data.Storage;
using Elements.Data.Tests.Support;
using Xunit.Abstractions;

namespace Elements.Data.Tests.Filters;

/// <summary>
/// No input — as filter text, as a value, or as a field name — may escape the data layer's error types or change the
/// shape of the generated SQL: every user value is a parameter, and the SQL text holds only the model's quoted field
/// names, a fixed set of operators and keywords, parameter placeholders and parentheses (<see cref="SqlShape"/>).
/// </summary>
public sealed class FilterFuzzTests(ITestOutputHelper output)
{
    // Hard bounds against hangs, not performance goals: a parse takes microseconds, the whole corpus a few seconds.
    private static readonly TimeSpan CaseBound = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RunBound = TimeSpan.FromMinutes(3);

    private static readonly ModelSchema People = ModelSchema.Parse("""
        {"table": "people", "fields": [
          {"name": "id", "dataType": "AutoInt", "primaryKey": true},
          {"name": "name", "dataType": "Stext"}, {"name": "age", "dataType": "Integer"}, {"name": "status", "dataType": "Stext"},
          {"name": "score", "dataType": "Numeric", "decimal": 2}, {"name": "joinedAt", "dataType": "Datetime"},
          {"name": "active", "dataType": "Checkbox"}, {"name": "address", "dataType": "Address"}
        ]}
        """);

    private static readonly SqlDialect[] Dialects = [SqliteDialect.Instance, PostgresDialect.Instance];

    private static (string Sql, int Parameters) Compile(Q q, SqlDialect dialect)
    {
        var ps = new SqlParameters(dialect);
        return (FilterCompiler.Compile(q, People, dialect, ps), ps.Count);
    }

    private static List<string> AllHostile() => [.. HostileStrings.Fixed.Concat(HostileStrings.Generate(12_000, 20261125))];

    [Fact]
    public async Task Fuzz_parser_and_compiler_throw_only_filter_errors_and_never_change_the_sql_shape()
    {
        var corpus = AllHostile();
        var (parsed, rejected, compiled, unknownField, invalidValue, refusedOperator) = (0, 0, 0, 0, 0, 0);
        var slowest = TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        await Task.Run(() =>
        {
            foreach (var text in corpus)
            {
                var one = Stopwatch.StartNew();
                Q q;
                try
                {
                    q = Q.Parse(text);
                }
                catch (FilterException ex)
                {
                    rejected++;
                    Assert.NotNull(ex.Position);
                    Assert.InRange(ex.Position!.Value, 0, Math.Max(text.Length, Q.MaxLength));
                    Assert.Equal(DataErrorCodes.BadFilter, ex.Code);
                    Assert.False(string.IsNullOrWhiteSpace(ex.Message));
                    continue;
                }

                parsed++;
                // Anything that parses prints back to something that parses identically (unless the canonical form,
                // which spells out Q.AND/Q.OR, outgrows the input length limit).
                var printed = q.ToString();
                if (printed.Length <= Q.MaxLength)
                {
                    Assert.Equal(printed, Q.Parse(printed).ToString());
                }

                foreach (var dialect in Dialects)
                {
                    try
                    {
                        var (sql, parameters) = Compile(q, dialect);
                        compiled++;
                        if (SqlShape.Check(sql, parameters, People) is { } problem)
                        {
                            Assert.Fail($"{problem}\nfilter: {Shorten(text)}\nsql: {Shorten(sql)}");
                        }
                    }
                    catch (UnknownFieldException ex)
                    {
                        unknownField++;
                        Assert.DoesNotContain(ex.Field, People.Fields.Select(f => f.Name));
                    }
                    catch (InvalidValueException ex)
                    {
                        invalidValue++;
                        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
                    }
                    catch (FilterException ex)
                    {
                        // Operators that need another field type (date parts, address operators), operators an Address
                        // field does not take, belong values that are no address, or relation paths.
                        refusedOperator++;
                        Assert.Equal(DataErrorCodes.BadFilter, ex.Code);
                        Assert.Matches("requires an? (Address|Datetime or Date) field|is a relation path|is not supported on Address field"
                            + "|is not an address part|must be a string or null", ex.Message);
                    }
                }

                if (one.Elapsed > slowest)
                {
                    slowest = one.Elapsed;
                }

                Assert.True(one.Elapsed < CaseBound, $"one filter took {one.Elapsed} (hang?): {Shorten(text)}");
            }
        }).WaitAsync(RunBound);

        output.WriteLine($"Q fuzz: {corpus.Count} hostile strings in {clock.Elapsed.TotalSeconds:F1} s "
            + $"({(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s CPU, slowest {slowest.TotalMilliseconds:F1} ms): "
            + $"{parsed} parsed, {rejected} rejected with FilterException; compiled for SQLite+PostgreSQL: {compiled} SQL texts checked, "
            + $"{unknownField} UnknownFieldException, {invalidValue} InvalidValueException, {refusedOperator} refused operator/field-type");
        Assert.True(parsed + rejected >= 10_000);
        Assert.True(rejected > 1000);
        Assert.True(compiled > 2000, $"only {compiled} compiled");
    }

    [Fact]
    public async Task Fuzz_sampled_filters_run_against_a_real_sqlite_table_and_return_only_rows()
    {
        var directory = Path.Combine(Path.GetTempPath(), "elements-filter-fuzz-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        try
        {
            await using var db = SqliteDatabase.FromPath(Path.Combine(directory, "fuzz.db"));
            var store = new ModelStore(db, People);
            await store.SyncSchemaAsync();
            var names = HostileStrings.Fixed.Where(s => ValueCodec.CheckText(s) is null && s.Length <= FieldDefinition.DefaultMaxLen).Take(40).ToList();
            for (var i = 0; i < names.Count; i++)
            {
                await store.CreateAsync(new JsonObject
                {
                    ["name"] = names[i], ["age"] = i % 7 == 0 ? null : i, ["status"] = "abc"[i % 3].ToString(),
                    ["score"] = i * 1.25m, ["joinedAt"] = $"2026-0{1 + (i % 9)}-01T00:00:00Z", ["active"] = i % 2 == 0,
                });
            }

            var (ran, rows, refused) = (0, 0L, 0);
            var clock = Stopwatch.StartNew();
            var corpus = AllHostile();
            for (var i = 0; i < corpus.Count; i += 50)
            {
                // Every 50th string, or the nearest one after it that parses (most hostile strings do not).
                Q? q = null;
                for (var j = i; j < Math.Min(i + 50, corpus.Count) && q is null; j++)
                {
                    try { q = Q.Parse(corpus[j]); } catch (FilterException) { }
                }
                if (q is null)
                {
                    continue;
                }

                try
                {
                    var result = await store.QueryAsync(q).WaitAsync(CaseBound);
                    ran++;
                    rows += result.RowDatas.Count;
                    Assert.InRange(result.RowDatas.Count, 0, names.Count);
                    Assert.All(result.RowDatas, row => Assert.Subset(People.Fields.Select(f => f.Name).ToHashSet(), row!.AsObject().Select(p => p.Key).ToHashSet()));
                    Assert.Equal(result.RowDatas.Count, await store.CountAsync(q).WaitAsync(CaseBound));
                }
                catch (Exception ex) when (ex is UnknownFieldException or InvalidValueException or FilterException)
                {
                    refused++;
                }
            }

            // Nothing a filter said was executed as SQL: the table and every row are still there.
            Assert.Equal(names.Count, await store.CountAsync());
            output.WriteLine($"SQLite run: {ran} sampled filters executed ({rows} rows returned), {refused} refused with a clear error, "
                + $"in {clock.Elapsed.TotalSeconds:F1} s");
            Assert.True(ran >= 50 && ran + refused >= 200, $"only {ran} filters ran, {refused} refused");
        }
        finally
        {
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public void Hostile_values_never_change_the_sql_shape()
    {
        foreach (var dialect in Dialects)
        {
            var eq = Compile(Q.Parse("Q('name', '=', 'x')"), dialect);
            var like = Compile(Q.Parse("Q('name', 'like', 'x')"), dialect);
            var inList = Compile(Q.Parse("Q(Q('name', 'in', ['x', 'y']), Q.OR, Q('status', 'startswith', 'x'))"), dialect);
            var count = 0;
            foreach (var s in AllHostile())
            {
                count++;
                var literal = QParser.Quote(s);
                // Text no database stores faithfully (NUL, lone surrogates) is rejected as a value error.
                var storable = ValueCodec.CheckText(s) is null;
                void Same((string, int) expected, Func<Q> build)
                {
                    if (storable)
                    {
                        Assert.Equal(expected, Compile(build(), dialect));
                    }
                    else
                    {
                        Assert.Throws<InvalidValueException>(() => Compile(build(), dialect));
                    }
                }
                Same(eq, () => Q.Eq("name", s));
                Same(eq, () => Q.From(new JsonObject { ["name"] = s })!);
                Same(like, () => Q.Field("name", "like", s));
                if (literal.Length * 3 + 100 > Q.MaxLength)
                {
                    // Too long as filter text: refused for its length, before anything else.
                    Assert.Contains("characters long", Assert.Throws<FilterException>(() => Q.Parse($"Q('name', '=', {literal}, {literal}, {literal})")).Message);
                    continue;
                }
                Assert.Equal(s, (string)((QCondition)Q.Parse($"Q('name', '=', {literal})")).Value!);
                Same(eq, () => Q.Parse($"Q('name', '=', {literal})"));
                Same(inList, () => Q.Parse($"Q(Q('name', 'in', [{literal}, {literal}]), Q.OR, Q('status', 'startswith', {literal}))"));
                // As a field name it can only be an unknown field (or the parser rejects it), never SQL.
                var ex = Record.Exception(() => Compile(Q.Parse($"Q({literal}, '=', 1)"), dialect));
                Assert.True(ex is UnknownFieldException or FilterException || (ex is null && People.Fields.Any(f => f.Name == s)), ex?.GetType().Name);
            }
            Assert.True(count >= 10_000);
        }
    }

    [Fact]
    public void New_operators_compile_to_the_allowed_shape_on_both_dialects()
    {
        string[] filters =
        [
            "Q(name__likeany=['a', '%', '_'], status__nlikeany=['x', 'y'])", "Q(age__likeany=['1'])", "Q('name', 'likeany', [])",
            "Q(joinedAt__year=2026) & Q(joinedAt__month=3) & Q(joinedAt__week=9) & Q(joinedAt__day=1)",
            "~(Q(age__isnull=1) | ~Q(status__ne='x'))", "Q(Q('age', 'gte', 1), Q.AND, Q('age', 'LTE', 2))",
            "Q(address__province='a', address__city='b', address__district='c')", "Q('address', 'belong', {'province': 'a', 'city': '', 'district': 'c'})",
            "~Q('address', 'nbelong', 'x') | Q('address', 'belong', {}) | Q(address__isnull=0)",
        ];
        foreach (var dialect in Dialects)
        {
            foreach (var text in filters)
            {
                var (sql, parameters) = Compile(Q.Parse(text), dialect);
                Assert.Null(SqlShape.Check(sql, parameters, People));
            }
        }

        Assert.Equal(
            "(CAST(strftime('%Y', \"joinedAt\") AS INTEGER) = @p0 AND ((CAST(strftime('%j', date(\"joinedAt\", '-3 days', 'weekday 4')) AS INTEGER) - 1) / 7 + 1) = @p1)",
            Compile(Q.Parse("Q(joinedAt__year=2026, joinedAt__week=9)"), SqliteDialect.Instance).Sql);
        Assert.Equal(
            "EXTRACT(WEEK FROM \"joinedAt\" AT TIME ZONE 'UTC') = $1",
            Compile(Q.Parse("Q(joinedAt__week=9)"), PostgresDialect.Instance).Sql);
        Assert.Equal("NOT COALESCE((\"status\" = $1), FALSE)", Compile(Q.Parse("~Q(status='a')"), PostgresDialect.Instance).Sql);
        Assert.Equal(
            "NOT COALESCE(((json_extract(\"address\", '$.province') = @p0 AND json_extract(\"address\", '$.district') = @p1)), FALSE)",
            Compile(Q.Parse("Q('address', 'nbelong', {'province': 'a', 'city': None, 'district': 'c'})"), SqliteDialect.Instance).Sql);
        Assert.Equal("(\"address\" ->> 'city') = $1", Compile(Q.Parse("Q(address__city='b')"), PostgresDialect.Instance).Sql);
        Assert.Equal(
            "(\"name\" ILIKE $1 ESCAPE '\\' OR \"name\" ILIKE $2 ESCAPE '\\')",
            Compile(Q.Parse("Q(name__likeany=['a', 'b'])"), PostgresDialect.Instance).Sql);
    }

    [Fact]
    public void Compiled_sql_contains_no_values()
    {
        var q = Q.Parse("Q(Q('name', '=', 'Robert\\'); DROP TABLE people;--'), Q.AND, Q('age', 'range', [1, 2]), Q.OR, Q('status', 'nin', ['a']))");
        var (sql, parameters) = Compile(q, PostgresDialect.Instance);
        Assert.Equal("((\"name\" = $1 AND (\"age\" >= $2 AND \"age\" <= $3)) OR (\"status\" NOT IN ($4) OR \"status\" IS NULL))", sql);
        Assert.Equal(4, parameters);
        Assert.Null(SqlShape.Check(sql, parameters, People));
    }

    [Theory]
    [InlineData("\"name\" = 'x'", "token")]
    [InlineData("\"name\" = @p0; DROP TABLE people", "token")]
    [InlineData("\"name\" = @p0 -- x", "token")]
    [InlineData("\"name\" = @p0 --AND", "token")]
    [InlineData("\"name\" = @p0 /*AND*/", "token")]
    [InlineData("\"name\" = 'UTC' || @p0", "token")]
    [InlineData("json_extract(\"name\", '$.zip') = @p0", "token")]
    [InlineData("(\"name\" ->> 'x') = @p0", "token")]
    [InlineData("\"nope\" = @p0", "unknown field")]
    [InlineData("\"name\" = @p1", "parameter")]
    [InlineData("\"name\" = $2", "parameter")]
    [InlineData("\"name\" = $0", "token")]
    [InlineData("\"name\" = @p0 OR \"name\" = $1", "parameter")]
    [InlineData("(\"name\" = @p0", "parenthes")]
    public void The_shape_check_itself_rejects_what_it_should(string sql, string problem) =>
        Assert.Contains(problem, SqlShape.Check(sql, 1, People) ?? "(accepted)", StringComparison.Ordinal);

    private static string Shorten(string s) => s.Length <= 200 ? s : s[..200] + $"…({s.Length} chars)";
}
