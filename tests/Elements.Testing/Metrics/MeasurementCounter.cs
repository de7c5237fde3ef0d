using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Elements.Testing.Metrics;

/// <summary>
/// Sums what one counter instrument of one <see cref="Meter"/> instance records, per value of one tag. Pass the meter
/// of the app under test (e.g. <c>services.GetRequiredService&lt;IMeterFactory&gt;().Create(name)</c>, which hands back
/// that container's instance), so suites running in parallel in the same process are not counted.
/// </summary>
public sealed class MeasurementCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _byTag = new(StringComparer.Ordinal);
    private long _total;

    public MeasurementCounter(Meter meter, string instrumentName, string tagKey)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter) && instrument.Name == instrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            Interlocked.Add(ref _total, value);
            foreach (var tag in tags)
            {
                if (tag.Key == tagKey && tag.Value?.ToString() is { } tagValue)
                {
                    _byTag.AddOrUpdate(tagValue, value, (_, sum) => sum + value);
                }
            }
        });
        _listener.Start();
    }

    /// <summary>The sum over every measurement.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>The sum over measurements whose tag had <paramref name="tagValue"/>.</summary>
    public long For(string tagValue) => _byTag.TryGetValue(tagValue, out var sum) ? sum : 0;

    public void Dispose() => _listener.Dispose();
}
