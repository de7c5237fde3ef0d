using System.Diagnostics.Metrics;
using Elements.Std.Auths;
using Elements.Testing.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Std.Tests.Support;

/// <summary>Counts the password hashes one app actually ran, from its <c>Elements.Auth</c> meter.</summary>
public sealed class PasswordHashCounter(IServiceProvider services) : IDisposable
{
    private readonly MeasurementCounter _counter = new(
        services.GetRequiredService<IMeterFactory>().Create(AuthTelemetry.MeterName), AuthTelemetry.PasswordHashesInstrument, AuthTelemetry.OperationTag);

    /// <summary>Password verifications run (one PBKDF2 each).</summary>
    public long Verifications => _counter.For(AuthTelemetry.VerifyOperation);

    /// <summary>New password hashes computed (registration, rehash).</summary>
    public long Hashes => _counter.For(AuthTelemetry.HashOperation);

    public void Dispose() => _counter.Dispose();
}
