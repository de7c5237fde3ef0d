using System.Text;
using Elements.Data.Filters;

namespace Elements.Data.Tests.Support;

/// <summary>Strings chosen to break naive SQL building or parsing, and a seeded generator of many more.</summary>
public static class HostileStrings
{
    public static readonly IReadOnlyList<string> Fixed =
    [
        "'", "''", "\"", "\\", "\\'", "' OR '1'='1", "' OR 1=1 --", "'; DROP TABLE people; --", "\"; DROP TABLE people; --",
        "1; DELETE FROM people", "/* comment */", "*/", "/*", "-- comment", "#", ";", ";;", "%", "_", "%_%", "\\%", "[a-z]",
        "@p0", "@p1", ":p0", "$1", "?", "?1", "`", "``", "\0", "a\0b", "\n", "\r\n", "\t", "\u2028", "\u202e", "\ufeff",
        "é", "世界", "🎉", "\ud83d", "Q(", ")", "Q('a', '=', 1)", "Q.AND", "Q.OR", "', Q.OR, Q('age', '>', 0), '",
        "') | Q('age', '>', 0) | Q('", "NULL", "null", "None", "true", "0x27", "CHAR(39)", "||", "&&", "UNION SELECT * FROM people",
        "\" OR \"\"=\"", "e'\\x27'", "$$", "$tag$", "E'\\''", "\\x00", "\\u0027", "ROLLBACK; --", "COMMIT", "BEGIN", "pragma",
        new string('\'', 100), new string('(', 100), new string('Q', 1000), "ＤＲＯＰ", "ǅ", "İ", "ß",
        // Classic injection payloads, as values and as whole filters.
        "admin'--", "admin' #", "admin'/*", "' or 1=1#", "' or 1=1/*", "') or ('1'='1", "1' ORDER BY 1--+", "' UNION SELECT NULL,NULL--",
        "' AND 1=CAST((SELECT version()) AS int)--", "'; SELECT pg_sleep(10)--", "1 AND SLEEP(5)", "'||(SELECT randomblob(1e9))||'",
        "'; ATTACH DATABASE '/tmp/x.db' AS x; --", "'; PRAGMA writable_schema=1; --", "load_extension('x')", "'||load_extension('x')||'",
        "\\'; DROP TABLE people; --", "%27%20OR%201%3D1", "&#39; OR 1=1", "' OR ''='", "1;SELECT 1", "1 OR 1=1", "x' AND '1'='1",
        "$$; DROP TABLE people; $$", "E'\\x27'", "\u0027 OR 1=1", "'\u0000' OR 1=1", "' OR 'a' LIKE 'a", "'; COPY people TO PROGRAM 'id'; --",
        "Q('name', '=', 'x'); DROP TABLE people; --", "Q('name', '=', 'x') -- comment", "Q('name', '=', 'x') /* c */",
        "Q('name', '=', 'x');", "Q('name', '=', 'x')) OR ((1=1", "Q('name', '=', 'x' OR 1=1)", "Q('name', '=', x)", "Q(name, '=', 'x')",
        // Unknown or disguised operators and fields.
        "Q('age', '==', 1)", "Q('age', 'LIKE', 'x')", "Q('age', '=1 OR 1=1 --', 1)", "Q('age', ';', 1)", "Q('age', 'between', [1, 2])",
        "Q('age', ' = ', 1)", "Q('age', 'regexp', '.*')", "Q('age', 'glob', '*')", "Q('age', 'ilike', 'x')", "Q('age', 'IS', None)",
        "Q('age; DROP TABLE people', '=', 1)", "Q('\"age\"', '=', 1)", "Q('AGE', '=', 1)", "Q('age--', '=', 1)", "Q('people.age', '=', 1)",
        "Q('*', '=', 1)", "Q('1=1', '=', 1)", "Q('', '=', 1)", "Q(' age', '=', 1)", "Q('age\u0000', '=', 1)", "Q('rowid', '=', 1)",
        "Q('oid', '=', 1)", "Q('ａｇｅ', '=', 1)", "Q('age', 'in', [1, [2]])", "Q('age', 'range', [1])", "Q('age', 'isnull', 1)",
        "Q('age', '>', None)", "Q('age', 'like', 5)", "Q('age', 'in', 5)", "Q('age', '=', {'a': 1})", "Q.AND", "Q(Q.AND)", "Q(Q.OR, Q('age', 1))",
        // Unicode and control characters around the syntax.
        "Q(\u00a0'age', '=', 1)", "Q('age',\u2028'=', 1)", "Q('age', '=', 1)\u200b", "\u202eQ('age', '=', 1)", "Ｑ('age', '=', 1)",
        "Q('age', '＝', 1)", "Q('age', '=', １)", "Q('age', '=', 1\u0000)", "Q\u0000('age', '=', 1)", "Q('age', '=', '\u0001\u007f\u009f')",
        // Deep nesting and huge inputs.
        Nest("(", "Q('age', '=', 1)", ")", Q.MaxDepth - 1), Nest("(", "Q('age', '=', 1)", ")", Q.MaxDepth), Nest("(", "Q('age', '=', 1)", ")", Q.MaxDepth + 1),
        Nest("Q(", "Q('age', '=', 1)", ")", Q.MaxDepth - 1), Nest("Q(", "Q('age', '=', 1)", ")", Q.MaxDepth + 1),
        Nest("Q('age', 'in', ", "1", ")", Q.MaxDepth + 1), "Q('age', 'in', " + Nest("[", "1", "]", 50) + ")",
        new string('(', 100_000), new string('(', 100_000) + new string(')', 100_000), Nest("Q(", "", "", 50_000), new string('[', 70_000),
        new string('x', Q.MaxLength), new string('x', Q.MaxLength + 1), new string(' ', Q.MaxLength - 20) + "Q('age', '=', 1)",
        "Q('name', '=', '" + new string('a', Q.MaxLength - 20) + "')", "Q('name', 'in', [" + string.Join(", ", Enumerable.Repeat("'x'", 1_001)) + "])",
        "Q('name', 'in', [" + string.Join(", ", Enumerable.Repeat("'x'", 1_000)) + "])", string.Join(" | ", Enumerable.Repeat("Q('age', '=', 1)", 3_000)),
        string.Join(" & ", Enumerable.Repeat("Q('age', '=', 1)", 3_000)), "Q('age', '=', 1" + new string('0', 5_000) + ")",
        "Q('age', '=', 1e99999)", "Q('age', '=', -0.0000000000000000000000000000000000000001)", "Q('age', '=', 79228162514264337593543950336)",
    ];

    private static string Nest(string open, string inner, string close, int depth) =>
        string.Concat(Enumerable.Repeat(open, depth)) + inner + string.Concat(Enumerable.Repeat(close, depth));

    private static readonly string[] Fields = ["name", "age", "status", "score", "joinedAt", "active", "id", "address"];

    private static readonly string[] HostileFields =
    [
        "nope", "NAME", "name; DROP TABLE people", "\"name\"", "name--", "people.name", "*", "1=1", "rowid", "name\u0000", " name", "",
    ];

    private static readonly string[] HostileOperators = ["==", "LIKE", "OR", ";", "--", "between", " =", "= ", "in ", "ilike", "regexp", "glob", "<>", "!"];

    private static readonly string[] Fragments =
    [
        "Q", "Q(", "(", ")", "[", "]", ",", "'", "\"", "\\", "Q.AND", "Q.OR", "&", "|", "=", ">=", "in", "range", "like", "isnull",
        "'age'", "'name'", " ", "\n", "1", "-1", "1.5e3", "1e", "-", ".", "true", "None", "--", "/*", ";", "DROP", "%", "\0",
        "é", "🎉", "\ud800", "\u202e", "99999999999999999999999999999999", "'\\u00", "\\x", "Q.", "Q.XOR",
        "~", "age__gte=", "name=", "__", "{", "}", ":", "likeany", "year", "week", "gte", "belong", "{'province': ",
    ];

    /// <summary>Deterministic pseudo-random strings: fragment soup, raw random characters, and near-valid filters.</summary>
    public static IEnumerable<string> Generate(int count, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var sb = new StringBuilder();
            switch (i % 4)
            {
                case 3:
                    // Grammatical filters over known and unknown fields and operators with hostile values: most of
                    // these parse, so they exercise the compiler and the SQL shape, not just the parser's errors.
                    sb.Append(Filter(random, 0));
                    break;
                case 0:
                    var n = random.Next(1, 30);
                    for (var j = 0; j < n; j++)
                    {
                        sb.Append(Fragments[random.Next(Fragments.Length)]);
                    }

                    break;
                case 1:
                    var len = random.Next(0, 60);
                    for (var j = 0; j < len; j++)
                    {
                        sb.Append((char)random.Next(0, random.Next(2) == 0 ? 128 : 0xFFFF));
                    }

                    break;
                default:
                    // Start from a valid filter and corrupt it at a random spot.
                    var valid = "Q(Q('age', '>=', 18), Q.AND, Q('status', 'in', ['a', 'b']))";
                    var at = random.Next(valid.Length);
                    var resume = Math.Min(valid.Length, at + random.Next(0, 3));
                    sb.Append(valid[..at]).Append(Fragments[random.Next(Fragments.Length)]).Append(valid[resume..]);
                    break;
            }
            yield return sb.ToString();
        }
    }

    private static string Filter(Random random, int depth)
    {
        switch (random.Next(depth >= 4 ? 1 : 8))
        {
            case 0:
            case 1:
                return Leaf(random);
            case 6:
                return "~" + Filter(random, depth + 1);
            case 7:
                return KeywordLeaf(random);
            case 2:
                var n = random.Next(1, 5);
                var sb = new StringBuilder("Q(").Append(Filter(random, depth + 1));
                for (var i = 1; i < n; i++)
                {
                    sb.Append(random.Next(3) switch { 0 => ", Q.AND, ", 1 => ", Q.OR, ", _ => ", " }).Append(Filter(random, depth + 1));
                }
                return sb.Append(')').ToString();
            case 3:
                return Filter(random, depth + 1) + " & " + Filter(random, depth + 1);
            case 4:
                return Filter(random, depth + 1) + " | " + Filter(random, depth + 1);
            default:
                return "(" + Filter(random, depth + 1) + ")";
        }
    }

    private static string Leaf(Random random)
    {
        var field = random.Next(20) == 0 ? HostileFields[random.Next(HostileFields.Length)] : Fields[random.Next(Fields.Length)];
        string Value(Random r) => TypedValue(r, field);
        if (random.Next(6) == 0)
        {
            return $"Q({QParser.Quote(field)}, {Value(random)})";
        }

        var op = random.Next(10) == 0 ? HostileOperators[random.Next(HostileOperators.Length)] : OperatorSpellings[random.Next(OperatorSpellings.Length)];
        // Most date parts go to the Datetime field and most address operators to the Address field, so most filters
        // still compile and get their SQL checked.
        if (QOperators.DateParts.Contains(op) && random.Next(4) != 0)
        {
            field = "joinedAt";
        }

        if (QOperators.AddressOperators.Contains(op.ToLowerInvariant()) && random.Next(4) != 0)
        {
            field = "address";
        }

        return $"Q({QParser.Quote(field)}, {QParser.Quote(op)}, {OperatorValue(random, op, field)})";
    }

    // Every operator with its aliases and upper-case names, so the fuzzer covers all of them.
    private static readonly string[] OperatorSpellings =
        [.. QOperators.All, "eq", "ne", "gt", "gte", "lt", "lte", "EQ", "NE", "GTE", "LIKEANY", "NLIKEANY", "ISNULL", "RANGE", "BELONG", "contains"];

    private static readonly string[] Lookups =
        ["", "ne", "gt", "gte", "lt", "lte", "in", "nin", "like", "nlike", "likeany", "nlikeany", "startswith", "endswith", "isnull", "range",
         "year", "month", "week", "day", "belong", "nbelong", "province", "city", "district", "contains", "rel__name", "bogus"];

    private static string KeywordLeaf(Random random)
    {
        var n = random.Next(1, 3);
        var parts = new List<string>();
        for (var i = 0; i < n; i++)
        {
            var lookup = Lookups[random.Next(Lookups.Length)];
            var field = QOperators.DateParts.Contains(lookup) && random.Next(4) != 0 ? "joinedAt"
                : QOperators.AddressOperators.Contains(lookup) && random.Next(4) != 0 ? "address"
                : Fields[random.Next(Fields.Length)];
            parts.Add($"{field}{(lookup.Length == 0 ? "" : "__" + lookup)}={OperatorValue(random, lookup.Length == 0 ? "=" : lookup, field)}");
        }
        return "Q(" + string.Join(", ", parts) + ")";
    }

    private static string OperatorValue(Random random, string op, string field)
    {
        string Value(Random r) => TypedValue(r, field);
        return op.ToLowerInvariant() switch
        {
            "in" or "nin" => "[" + string.Join(", ", Enumerable.Range(0, random.Next(0, 5)).Select(_ => Value(random))) + "]",
            "likeany" or "nlikeany" => "[" + string.Join(", ", Enumerable.Range(0, random.Next(0, 4)).Select(_ => random.Next(8) == 0 ? AnyValue(random) : QParser.Quote(Fixed[random.Next(Fixed.Count)]))) + "]",
            "range" => $"[{Value(random)}, {Value(random)}]",
            "isnull" => random.Next(4) switch { 0 => "True", 1 => "false", 2 => "1", _ => "0" },
            "year" or "month" or "week" or "day" => random.Next(8) == 0 ? AnyValue(random) : random.Next(-5, 3000).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "belong" or "nbelong" => random.Next(4) == 0 ? QParser.Quote(Fixed[random.Next(Fixed.Count)])
                : "{'province': " + QParser.Quote(Fixed[random.Next(Fixed.Count)]) + ", 'city': " + AnyValue(random)
                  + (random.Next(3) == 0 ? ", 'district': " + QParser.Quote(Fixed[random.Next(Fixed.Count)]) : "") + "}",
            "province" or "city" or "district" => QParser.Quote(Fixed[random.Next(Fixed.Count)]),
            _ => Value(random),
        };
    }

    // Mostly a value of the field's type (so the filter compiles and its SQL is checked), sometimes anything.
    private static string TypedValue(Random random, string field) => random.Next(5) == 0 ? AnyValue(random) : field switch
    {
        "name" or "status" => random.Next(4) == 0 ? "None" : QParser.Quote(Fixed[random.Next(Fixed.Count)]),
        "age" or "id" => random.Next(-1000, 1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
        "score" => (random.NextDouble() * 1e4 - 5e3).ToString("F3", System.Globalization.CultureInfo.InvariantCulture),
        "joinedAt" => "'2026-0" + random.Next(1, 10) + "-01T00:00:00Z'",
        "active" => random.Next(2) == 0 ? "True" : "false",
        _ => AnyValue(random),
    };

    private static string AnyValue(Random random) => random.Next(10) switch
    {
        0 => random.Next(-1000, 1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
        1 => (random.NextDouble() * 1e6 - 5e5).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        2 => random.Next(4) switch { 0 => "None", 1 => "True", 2 => "false", _ => "null" },
        3 => "'2026-0" + random.Next(1, 10) + "-01T00:00:00Z'",
        4 => "99999999999999999999",
        _ => QParser.Quote(Fixed[random.Next(Fixed.Count)]),
    };
}
