using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Elements.Std.Auths;

/// <summary>Records logins on a meter from the DI <see cref="IMeterFactory"/> (see <see cref="AuthTelemetry"/>).</summary>
public sealed class AuthMetrics
{
    private readonly Histogram<double> _loginDuration;
    private readonly Counter<long> _passwordHashes;
    private readonly Histogram<double> _passwordHashDuration;
    private readonly Counter<long> _passwordHashRejected;

    public AuthMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(AuthTelemetry.MeterName);
        _loginDuration = meter.CreateHistogram<double>(AuthTelemetry.LoginDurationInstrument, "s", "Logins (loginCode exchanged for a session)");
        _passwordHashes = meter.CreateCounter<long>(AuthTelemetry.PasswordHashesInstrument, "{hash}", "Password hashes and verifications run");
        _passwordHashDuration = meter.CreateHistogram<double>(AuthTelemetry.PasswordHashDurationInstrument, "s", "Running time of password hashes");
        _passwordHashRejected = meter.CreateCounter<long>(AuthTelemetry.PasswordHashRejectedInstrument, "{call}",
            "Hashing calls refused because the hashing queue was full");
    }

    public void RecordLogin(long startedTimestamp, string? loginType, string outcome)
    {
        var tags = new TagList { { AuthTelemetry.OutcomeTag, outcome } };
        if (loginType is not null)
        {
            tags.Add(AuthTelemetry.LoginTypeTag, loginType);
        }

        _loginDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, tags);
    }

    /// <summary>Counts one hash or verification that ran, and its running time.</summary>
    public void RecordPasswordHash(string operation, long startedTimestamp)
    {
        var tags = new TagList { { AuthTelemetry.OperationTag, operation } };
        _passwordHashes.Add(1, tags);
        _passwordHashDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, tags);
    }

    public void RecordPasswordHashRejected() => _passwordHashRejected.Add(1);
}
