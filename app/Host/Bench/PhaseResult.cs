using System.Globalization;

namespace Elements.Host.Bench;

/// <summary>
/// One timed phase (or several rounds of one, combined): latencies, wall time, the process's CPU time and the bytes it
/// allocated. CPU and allocations are the whole process's (clients, host, sandbox, relay and hand-written server share
/// it), so per operation they compare phases.
/// </summary>
internal sealed class PhaseResult(double[] latencies, double wallSeconds, double cpuSeconds, long allocatedBytes)
{
    private readonly double[] _sorted = [.. latencies.Order()];

    public int Count => _sorted.Length;

    public double Mean => _sorted.Average();

    public double Median => P(0.50);

    public double Throughput => _sorted.Length / wallSeconds;

    public double CpuMsPerOp => cpuSeconds * 1000 / _sorted.Length;

    public double AllocatedKbPerOp => allocatedBytes / 1024.0 / _sorted.Length;

    /// <summary>Rounds of one phase as one: all latencies, summed wall time, CPU time and allocations.</summary>
    public static PhaseResult Combine(IReadOnlyList<PhaseResult> rounds) =>
        new([.. rounds.SelectMany(r => r._sorted)], rounds.Sum(r => r.WallSeconds), rounds.Sum(r => r.CpuSeconds), rounds.Sum(r => r.AllocatedBytes));

    private double WallSeconds => wallSeconds;

    private double CpuSeconds => cpuSeconds;

    private long AllocatedBytes => allocatedBytes;

    /// <param name="statements">SQL statements per operation, when counted.</param>
    public void Print(string name, double? statements = null) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-34} {_sorted.Length,6} {wallSeconds,8:0.00} {Throughput,8:0} {Mean,8:0.00} {P(0.50),8:0.00} {P(0.95),8:0.00} {P(0.99),8:0.00} {CpuMsPerOp,8:0.00} {AllocatedKbPerOp,8:0.0} {(statements is { } s ? s.ToString("0.0", CultureInfo.InvariantCulture) : "-"),8}"));

    private double P(double q) => _sorted[Math.Min(_sorted.Length - 1, (int)Math.Ceiling(q * _sorted.Length) - 1)];
}
