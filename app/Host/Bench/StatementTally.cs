using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Elements.Host.Bench;

/// <summary>
/// Counts the SQL statements a trace hook reports, and their shapes: the SQL text with literal values (which carry
/// hashes and protected keys) replaced by <c>?</c>, so shapes can be printed.
/// </summary>
internal sealed partial class StatementTally
{
    private readonly ConcurrentDictionary<string, int> _shapes = new(StringComparer.Ordinal);
    private int _total;

    public int Total => Volatile.Read(ref _total);

    public void Record(string sql)
    {
        Interlocked.Increment(ref _total);
        _shapes.AddOrUpdate(Shape(sql), 1, static (_, n) => n + 1);
    }

    /// <summary>The distinct shapes, most frequent first.</summary>
    public IEnumerable<KeyValuePair<string, int>> Shapes => _shapes.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal);

    internal static string Shape(string sql) => Whitespace().Replace(Number().Replace(Text().Replace(sql, "?"), "?"), " ").Trim();

    // 'text' with '' escapes, and X'blob'.
    [GeneratedRegex("[xX]?'(?:[^']|'')*'")]
    private static partial Regex Text();

    [GeneratedRegex(@"(?<![\w.""])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?\b")]
    private static partial Regex Number();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
