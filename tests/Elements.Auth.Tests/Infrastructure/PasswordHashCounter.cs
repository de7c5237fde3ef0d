using System.Diagnostics.Metrics;
using Elements.Std.Auths;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Auth.Tests.Infrastructure;

/// <summary>
/// Counts the password hashes one app actually ran, from the <c>Elements.Auth</c> meter of that app's own
/// <see cref="IMeterFactory"/> (the factory hands back the same meter instance, so other suites running in parallel
/// are not counted).
/// </summary>
public sealed class PasswordHashCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _verifications;
    private long _hashes;

    public PasswordHashCounter(IServiceProvider services)
    {
        var meter = services.GetRequiredService<IMeterFactory>().Create(AuthTelemetry.MeterName);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter) && instrument.Name == AuthTelemetry.PasswordHashesInstrument)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: AuthTelemetry.OperationTag, Value: AuthTelemetry.VerifyOperation })
                {
                    Interlocked.Add(ref _verifications, value);
                }
                else if (tag is { Key: AuthTelemetry.OperationTag, Value: AuthTelemetry.HashOperation })
                {
                    Interlocked.Add(ref _hashes, value);
                }
            }
        });
        _listener.Start();
    }

    /// <summary>Password verifications run (one PBKDF2 each).</summary>
    public long Verifications => Interlocked.Read(ref _verifications);

    /// <summary>New password hashes computed (registration, rehash).</summary>
    public long Hashes => Interlocked.Read(ref _hashes);

    public void Dispose() => _listener.Dispose();
}
