using Microsoft.Extensions.Logging;

namespace Elements.Activation;

/// <summary>
/// The disposable element objects one registry snapshot (one generation) activated, in activation order, and the
/// invoker calls still running on that generation.
/// <para>
/// Disposal happens once: either when the app is disposed (<see cref="CloseAndDisposeAsync"/>, immediately) or, for
/// a generation replaced by hot reload, when <see cref="Retire"/>'s grace delay has passed <em>and</em> no invoker
/// lease is held. The lease count doubles as the "closed" flag (-1) so that acquiring a lease and closing are one
/// compare-and-swap each and can never both succeed.
/// </para>
/// <para>
/// A generation may also own resources it was built with (the leases on the compiled element code, see
/// <see cref="Hosting.IElementCodeCompiler"/>): they are released after its objects are disposed, since those objects
/// are instances of that code.
/// </para>
/// </summary>
internal sealed partial class ElementLifetime
{
    private const int Closed = -1;

    private readonly Lock _gate = new();
    private readonly List<(string FullName, object Element)> _activated = [];
    private readonly List<IDisposable> _resources = [];
    private bool _closed;
    private int _leases;
    private int _retireDue;
    private ILogger? _logger;
    private Action<ElementLifetime>? _onRetiredDisposed;
    private Timer? _timer;
    private Task _disposal = Task.CompletedTask;

    /// <summary>True once the objects were handed over for disposal; no more are tracked or created.</summary>
    public bool IsClosed
    {
        get
        {
            lock (_gate)
            {
                return _closed;
            }
        }
    }

    /// <summary>A lifetime that releases <paramref name="resources"/> once its objects are disposed.</summary>
    public static ElementLifetime Owning(IEnumerable<IDisposable> resources)
    {
        var lifetime = new ElementLifetime();
        lifetime._resources.AddRange(resources);
        return lifetime;
    }

    /// <summary>Records an object just activated; false when the generation is already closed (the caller then owns
    /// the object and must dispose it, since nobody else will).</summary>
    public bool TryTrack(string fullName, object element)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            if (element is IDisposable or IAsyncDisposable)
            {
                _activated.Add((fullName, element));
            }

            return true;
        }
    }

    /// <summary>Keeps the generation's objects alive until <see cref="ReleaseLease"/>; false once it is closed.</summary>
    public bool TryAcquireLease()
    {
        var current = Volatile.Read(ref _leases);
        while (current >= 0)
        {
            var seen = Interlocked.CompareExchange(ref _leases, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    public void ReleaseLease()
    {
        if (Interlocked.Decrement(ref _leases) == 0 && Volatile.Read(ref _retireDue) == 1)
        {
            TryCloseRetired();
        }
    }

    /// <summary>
    /// Schedules disposal of a generation that hot reload replaced: after <paramref name="delay"/> (on a timer, so the
    /// reload does not wait), and not before the last invoker lease is released.
    /// </summary>
    public void Retire(TimeSpan delay, ILogger logger, Action<ElementLifetime> onDisposed)
    {
        lock (_gate)
        {
            _logger = logger;
            _onRetiredDisposed = onDisposed;
            if (_closed)
            {
                return;
            }

            _timer = new Timer(static state => ((ElementLifetime)state!).OnRetireDue(), this,
                delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Closes now, whatever leases are held (the app is going away), and disposes the objects, preferring
    /// <see cref="IAsyncDisposable"/>. Also waits for a retired disposal already under way.</summary>
    public async Task CloseAndDisposeAsync(ILogger logger)
    {
        var (elements, resources) = ForceClose(out var running);
        await running.ConfigureAwait(false);
        await DisposeAllAsync(elements, logger).ConfigureAwait(false);
        Release(resources, logger);
    }

    /// <summary>As <see cref="CloseAndDisposeAsync"/>, for <see cref="ElementApp.Dispose"/>: prefers
    /// <see cref="IDisposable"/> and blocks on <see cref="IAsyncDisposable"/> only for objects that have nothing else.</summary>
    public void CloseAndDispose(ILogger logger)
    {
        var (elements, resources) = ForceClose(out var running);
        running.GetAwaiter().GetResult();
        for (var i = elements.Length - 1; i >= 0; i--)
        {
            var (fullName, element) = elements[i];
            try
            {
                if (element is IDisposable disposable)
                {
                    disposable.Dispose();
                }
                else if (element is IAsyncDisposable asyncDisposable)
                {
                    asyncDisposable.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }
            }
            catch (Exception ex)
            {
                LogDisposeFailed(logger, ex, fullName);
            }
        }

        Release(resources, logger);
    }

    /// <summary>Disposes one object, preferring <see cref="IAsyncDisposable"/>; failures are logged, not thrown,
    /// so one faulty element cannot keep the others alive.</summary>
    public static async ValueTask DisposeQuietlyAsync(string fullName, object element, ILogger logger)
    {
        try
        {
            if (element is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
            }
            else if (element is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
        catch (Exception ex)
        {
            LogDisposeFailed(logger, ex, fullName);
        }
    }

    private ((string FullName, object Element)[] Elements, IDisposable[] Resources) ForceClose(out Task running)
    {
        Volatile.Write(ref _leases, Closed);
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            running = _disposal;
            return TakeForDisposal();
        }
    }

    private void OnRetireDue()
    {
        Volatile.Write(ref _retireDue, 1);
        if (Volatile.Read(ref _leases) == 0)
        {
            TryCloseRetired();
        }
    }

    private void TryCloseRetired()
    {
        if (Interlocked.CompareExchange(ref _leases, Closed, 0) != 0)
        {
            // A call is still running on this generation (its release closes it) or it is closed already.
            return;
        }

        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            if (_closed)
            {
                return;
            }

            _disposal = DisposeRetiredAsync(TakeForDisposal(), _logger!, _onRetiredDisposed);
        }
    }

    // Caller holds _gate. Empties the lists so that every object and resource is handed out exactly once.
    private ((string FullName, object Element)[] Elements, IDisposable[] Resources) TakeForDisposal()
    {
        if (_closed)
        {
            return ([], []);
        }

        _closed = true;
        var elements = _activated.ToArray();
        _activated.Clear();
        var resources = _resources.ToArray();
        _resources.Clear();
        return (elements, resources);
    }

    private async Task DisposeRetiredAsync(((string FullName, object Element)[] Elements, IDisposable[] Resources) taken, ILogger logger,
        Action<ElementLifetime>? onDisposed)
    {
        // Off the caller's thread (a timer callback or the last lease release, i.e. the end of a request).
        await Task.Yield();
        await DisposeAllAsync(taken.Elements, logger).ConfigureAwait(false);
        Release(taken.Resources, logger);
        onDisposed?.Invoke(this);
    }

    private static void Release(IDisposable[] resources, ILogger logger)
    {
        foreach (var resource in resources)
        {
            try
            {
                resource.Dispose();
            }
            catch (Exception ex)
            {
                LogReleaseFailed(logger, ex, resource.GetType().Name);
            }
        }
    }

    private static async Task DisposeAllAsync((string FullName, object Element)[] elements, ILogger logger)
    {
        // Reverse activation order: an element activated while constructing another (a model's database) is
        // disposed after the one that uses it.
        for (var i = elements.Length - 1; i >= 0; i--)
        {
            await DisposeQuietlyAsync(elements[i].FullName, elements[i].Element, logger).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Disposing element {Element} failed")]
    private static partial void LogDisposeFailed(ILogger logger, Exception exception, string element);

    [LoggerMessage(Level = LogLevel.Error, Message = "Releasing {Resource} of a retired generation failed")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string resource);
}
