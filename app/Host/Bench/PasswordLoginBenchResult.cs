namespace Elements.Host.Bench;

/// <summary>What one <see cref="PasswordLoginBench"/> run measured.</summary>
/// <param name="Logins">Logins that returned a session.</param>
/// <param name="Refused">Logins answered with a clear refusal: 429 (locked out, rate limited) or 503 EL_BUSY, both with Retry-After.</param>
/// <param name="Unclear">Logins that failed any other way (another status, a 429/503 without Retry-After, a timeout, a wrong answer).</param>
/// <param name="ByStatus">Failed logins per HTTP status (0: no answer).</param>
/// <param name="ServerErrors">Answers with a 5xx status, to logins or to the probe (503 EL_BUSY included).</param>
/// <param name="LoginMs">Latency of every successful login (getLoginCode + AuthSvc.login), milliseconds, sorted.</param>
/// <param name="ProbeMs">Latency of every <c>/healthz</c> probe, milliseconds, sorted.</param>
/// <param name="ProbeFailures">Probes that did not answer 200.</param>
/// <param name="Seconds">Length of the timed phase.</param>
internal sealed record PasswordLoginBenchResult(
    int Logins,
    int Refused,
    int Unclear,
    IReadOnlyDictionary<int, int> ByStatus,
    int ServerErrors,
    double[] LoginMs,
    double[] ProbeMs,
    int ProbeFailures,
    double Seconds)
{
    /// <summary>The <paramref name="q"/> quantile (nearest rank) of sorted values; 0 when there are none.</summary>
    public static double Quantile(double[] sorted, double q) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
}
