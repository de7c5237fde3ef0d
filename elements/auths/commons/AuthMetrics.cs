using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Elements.Std.Auths;

/// <summary>Records logins on a meter from the DI <see cref="IMeterFactory"/> (see <see cref="AuthTelemetry"/>).</summary>
public sealed class AuthMetrics
{
    private readonly Histogram<double> _loginDuration;

    public AuthMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _loginDuration = meterFactory.Create(AuthTelemetry.MeterName)
            .CreateHistogram<double>(AuthTelemetry.LoginDurationInstrument, "s", "Logins (loginCode exchanged for a session)");
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
}
