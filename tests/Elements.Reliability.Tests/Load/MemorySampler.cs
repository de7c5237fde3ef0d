using System.Diagnostics;
using Elements.Reliability.Tests.Support;

namespace Elements.Reliability.Tests.Load;

/// <summary>Samples the host process's working set (VmRSS) a few times a second during the timed run.</summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly HostProcess _host;
    private readonly List<(double Seconds, long WorkingSet)> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly long _started = Stopwatch.GetTimestamp();

    public MemorySampler(HostProcess host)
    {
        _host = host;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The samples so far, by seconds since the sampler started.</summary>
    public IReadOnlyList<(double Seconds, long WorkingSet)> Samples
    {
        get
        {
            lock (_samples)
            {
                return [.. _samples];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        // A host that died stops the sampling; the failed requests and the host's output tell why.
        while (!_stop.IsCancellationRequested && !_host.HasExited)
        {
            long workingSet;
            try
            {
                (workingSet, _) = _host.Memory();
            }
            catch (InvalidOperationException)
            {
                return;
            }

            lock (_samples)
            {
                _samples.Add((Stopwatch.GetElapsedTime(_started).TotalSeconds, workingSet));
            }

            await Task.Delay(Interval, _stop.Token);
        }
    }
}
