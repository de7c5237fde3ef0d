using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Elements.Reliability.Tests.Support;

namespace Elements.Reliability.Tests.Load;

/// <summary>Every request of a load run by kind: latency and status, and examples of failures.</summary>
internal sealed class LatencyLog
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<(double Ms, int Status)>> _byKind = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _failures = new();

    public void Add(string kind, ApiResult result)
    {
        _byKind.GetOrAdd(kind, _ => []).Add((result.Milliseconds, result.Status));
        if (!result.IsSuccess && _failures.Count < 20)
        {
            _failures.Enqueue($"{kind}: {result}");
        }
    }

    public int Total => _byKind.Values.Sum(b => b.Count);

    public int Count(string kind) => _byKind.TryGetValue(kind, out var bag) ? bag.Count : 0;

    public int CountWhere(Func<int, bool> status) => _byKind.Values.Sum(b => b.Count(e => status(e.Status)));

    public IReadOnlyCollection<string> Failures => _failures;

    public string Format(double seconds)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| {"request",-28} | {"n",7} | {"req/s",7} | {"p50 ms",7} | {"p95 ms",7} | {"p99 ms",7} | {"max ms",7} | {"non-2xx",7} |");
        text.AppendLine("|------------------------------|---------|---------|---------|---------|---------|---------|---------|");
        foreach (var (kind, bag) in _byKind.OrderBy(k => k.Key, StringComparer.Ordinal).Append(new("all", new ConcurrentBag<(double, int)>(_byKind.Values.SelectMany(b => b)))))
        {
            var sorted = bag.Select(e => e.Ms).Order().ToArray();
            if (sorted.Length == 0)
            {
                continue;
            }

            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {kind,-28} | {sorted.Length,7} | {sorted.Length / seconds,7:0.0} | {P(sorted, 0.50),7:0.0} | {P(sorted, 0.95),7:0.0} | {P(sorted, 0.99),7:0.0} | {sorted[^1],7:0.0} | {bag.Count(e => e.Status is < 200 or >= 300),7} |");
        }

        return text.ToString();
    }

    private static double P(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, Math.Max(0, (int)Math.Ceiling(q * sorted.Length) - 1))];
}
