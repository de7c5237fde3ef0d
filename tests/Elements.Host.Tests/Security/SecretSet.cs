using System.Collections.Concurrent;

namespace Elements.Host.Tests.Security;

/// <summary>The secret values in play during a test run, each with what it is (for the failure message).</summary>
internal sealed class SecretSet
{
    private readonly ConcurrentDictionary<string, string> _values = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Values => _values;

    public void Add(string what, string value)
    {
        // Short values could match by accident (and are no real secrets): every credential here is long.
        if (value.Length >= 8)
        {
            _values.TryAdd(value, what);
        }
    }

    public int Count => _values.Count;

    /// <summary>Where each secret occurs in <paramref name="text"/>, as readable findings.</summary>
    public IEnumerable<string> FindIn(string where, string text)
    {
        foreach (var (value, what) in _values)
        {
            var at = text.IndexOf(value, StringComparison.Ordinal);
            if (at >= 0)
            {
                var start = Math.Max(0, at - 80);
                var excerpt = text.Substring(start, Math.Min(text.Length - start, value.Length + 160)).Replace(value, "<<" + what + ">>", StringComparison.Ordinal);
                yield return $"{what} in {where}: …{excerpt}…";
            }
        }
    }
}
