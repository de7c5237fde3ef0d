using Elements.Definitions;
using Elements.Scheduling;

namespace Elements.Std.Tasks;

/// <summary>The tasks of an app: what the scheduler schedules and <c>elements tasks</c> lists.</summary>
public static class ScheduledTasks
{
    /// <summary>Every task of the app (see <see cref="SchedulableElements"/>): what the scheduler runs.</summary>
    public static IReadOnlyList<ElementDefinition> Find(ElementApp app) => SchedulableElements.Find<TaskElement>(app);

    /// <summary>Close names among <paramref name="candidates"/> for a "did you mean" (edit distance within a third of the name).</summary>
    public static IReadOnlyList<string> Suggest(string name, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(name);
        var limit = Math.Max(3, name.Length / 3);
        return [.. candidates.Select(c => (Name: c, Distance: Distance(name, c))).Where(c => c.Distance <= limit)
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal).Take(3).Select(c => c.Name)];
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
