using System.Text;

namespace Elements.Data.Tests;

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
    ];

    private static readonly string[] Fragments =
    [
        "Q", "Q(", "(", ")", "[", "]", ",", "'", "\"", "\\", "Q.AND", "Q.OR", "&", "|", "=", ">=", "in", "range", "like", "isnull",
        "'age'", "'name'", " ", "\n", "1", "-1", "1.5e3", "1e", "-", ".", "true", "None", "--", "/*", ";", "DROP", "%", "\0",
        "é", "🎉", "\ud800", "\u202e", "99999999999999999999999999999999", "'\\u00", "\\x", "Q.", "Q.XOR",
    ];

    /// <summary>Deterministic pseudo-random strings: fragment soup, raw random characters, and near-valid filters.</summary>
    public static IEnumerable<string> Generate(int count, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var sb = new StringBuilder();
            switch (i % 3)
            {
                case 0:
                    var n = random.Next(1, 30);
                    for (var j = 0; j < n; j++) sb.Append(Fragments[random.Next(Fragments.Length)]);
                    break;
                case 1:
                    var len = random.Next(0, 60);
                    for (var j = 0; j < len; j++) sb.Append((char)random.Next(0, random.Next(2) == 0 ? 128 : 0xFFFF));
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
}
