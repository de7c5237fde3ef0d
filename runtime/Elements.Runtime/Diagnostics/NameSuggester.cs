namespace Elements.Diagnostics;

/// <summary>Finds the names closest to a misspelt one, for "did you mean" hints.</summary>
internal static class NameSuggester
{
    public static IReadOnlyList<string> Suggest(string name, IEnumerable<string> candidates, int max = 3)
    {
        // Typos in dotted names are mostly in one segment, so allow about a third of the name to differ.
        var limit = Math.Max(3, name.Length / 3);
        return candidates
            .Select(c => (Name: c, Distance: Distance(name, c)))
            .Where(c => c.Distance <= limit)
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .Take(max)
            .Select(c => c.Name)
            .ToList();
    }

    public static string Hint(string name, IEnumerable<string> candidates)
    {
        var suggestions = Suggest(name, candidates);
        return suggestions.Count == 0 ? "" : $"; did you mean {string.Join(", ", suggestions.Select(s => $"'{s}'"))}?";
    }

    private static int Distance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > Math.Max(a.Length, b.Length) / 2 + 3)
        {
            return int.MaxValue;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
