using System.Text.RegularExpressions;
using Elements.Data.Schema;

namespace Elements.Data.Tests.Filters;

/// <summary>
/// A whitelist tokeniser for compiled WHERE fragments: the text may only hold the model's quoted field names,
/// comparison operators, the fixed keywords, <c>1=1</c>/<c>1=0</c>, the LIKE escape literal <c>'\'</c>,
/// PostgreSQL's <c>::text</c> cast, the Address parts as JSON keys (<c>json_extract(.., '$.city')</c>,
/// <c>->> 'city'</c>), commas, parentheses and parameter placeholders (<c>@p0</c> on SQLite, <c>$1</c> on PostgreSQL). Anything a user typed can then
/// only have reached the database as a parameter.
/// </summary>
internal static partial class SqlShape
{
    [GeneratedRegex("""\G(?:(?<ws>\s+)|"(?<field>[A-Za-z_][A-Za-z0-9_]*)"|@p(?<param>[0-9]+)\b|\$(?<pgparam>[1-9][0-9]*)\b|(?<op>::text|->>|<>|>=|<=|=|<|>|\(|\)|,|-(?!-)|/(?!\*)|\+|\.(?="))|(?<kw>AND|OR|NOT|IN|IS|NULL|LIKE|ILIKE|ESCAPE|COALESCE|FALSE|CAST|AS|INTEGER|strftime|date|EXTRACT|YEAR|MONTH|WEEK|DAY|FROM|AT|TIME|ZONE|LEFT|JOIN|ON|WHERE|json_extract)\b|(?<lit>'\\'|'\$\.(?:province|city|district)'|'(?:province|city|district)'|'%[Ymdj]'|'-3 days'|'weekday 4'|'UTC'|[017]\b))""", RegexOptions.CultureInvariant)]
    private static partial Regex Token();

    /// <summary>Null when <paramref name="sql"/> has the allowed shape and uses each of its
    /// <paramref name="parameterCount"/> parameters exactly once; otherwise what is wrong.</summary>
    public static string? Check(string sql, int parameterCount, ModelSchema schema)
        => Check(sql, parameterCount, schema.Fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal));

    /// <summary>The same check for SQL with joins: <paramref name="fields"/> holds every quoted name it may use
    /// (the models' fields, their table names and the join aliases).</summary>
    public static string? Check(string sql, int parameterCount, IReadOnlySet<string> fields)
    {
        var used = new int[parameterCount];
        var depth = 0;
        var at = 0;
        while (at < sql.Length)
        {
            var match = Token().Match(sql, at);
            if (!match.Success || match.Length == 0)
            {
                return $"unexpected token at {at}: '{sql[at..Math.Min(sql.Length, at + 20)]}'";
            }

            if (match.Groups["field"].Success && !fields.Contains(match.Groups["field"].Value))
            {
                return $"unknown field {match.Value}";
            }

            if (match.Groups["param"].Success || match.Groups["pgparam"].Success)
            {
                // SQLite's placeholders count from @p0, PostgreSQL's from $1.
                if (!(match.Groups["param"].Success
                        ? int.TryParse(match.Groups["param"].Value, out var index)
                        : int.TryParse(match.Groups["pgparam"].Value, out index) && index-- > 0)
                    || index >= parameterCount)
                {
                    return $"parameter {match.Value} beyond the {parameterCount} bound";
                }

                used[index]++;
            }

            depth += match.Value switch { "(" => 1, ")" => -1, _ => 0 };
            if (depth < 0)
            {
                return $"unbalanced parentheses at {at}";
            }

            at += match.Length;
        }

        if (depth != 0)
        {
            return "unbalanced parentheses at the end";
        }

        var wrong = Array.FindIndex(used, n => n != 1);
        return wrong < 0 ? null : $"parameter {wrong} (from 0) used {used[wrong]} times";
    }
}
