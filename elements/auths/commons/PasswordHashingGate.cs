using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Elements.Std.Auths;

/// <summary>
/// Runs password hashing and verification under a <see cref="ConcurrencyLimiter"/> (<see cref="PasswordHashingOptions"/>).
/// PBKDF2 at 600,000 iterations holds a core for hundreds of milliseconds; run on every request thread at once it
/// starved the thread pool, so <c>/healthz</c> took seconds under 64 concurrent password logins. Callers waiting for a
/// permit hold no thread (the limiter's queue completes a task); a full queue fails fast with <see cref="BusyCode"/>
/// and <c>retryAfterSeconds</c>, an estimate of how long the queue takes to drain.
/// </summary>
public sealed class PasswordHashingGate : IDisposable
{
    /// <summary>The hashing queue is full; retry after <c>retryAfterSeconds</c>.</summary>
    public const string BusyCode = ElementErrorCodes.Busy;

    private const int MaxRetryAfterSeconds = 60;

    private readonly ConcurrencyLimiter _limiter;
    private readonly AuthMetrics _metrics;
    private readonly int _permits;
    private readonly int _queueLimit;

    // Moving average of one hash's duration (Stopwatch ticks), for Retry-After; starts at a typical 300 ms.
    private long _averageTicks = Stopwatch.Frequency * 3 / 10;

    public PasswordHashingGate(IOptions<PasswordHashingOptions> options, AuthMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _permits = options.Value.EffectiveMaxConcurrency;
        _queueLimit = Math.Max(0, options.Value.QueueLimit);
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = _permits,
            QueueLimit = _queueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>Hashes running at once.</summary>
    public int MaxConcurrency => _permits;

    /// <summary>Calls that may wait for a turn.</summary>
    public int QueueLimit => _queueLimit;

    /// <summary>Hashes <paramref name="password"/> (Identity v3 format) in turn; EL_BUSY when the queue is full.</summary>
    public Task<string> HashAsync(string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(password);
        return RunAsync(AuthTelemetry.HashOperation, () => PasswordLoginElement.HashPassword(password), cancellationToken);
    }

    /// <summary>Verifies <paramref name="password"/> against <paramref name="hash"/> in turn; EL_BUSY when the queue is full.</summary>
    public Task<PasswordVerificationResult> VerifyAsync(string hash, string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentNullException.ThrowIfNull(password);
        return RunAsync(AuthTelemetry.VerifyOperation, () => PasswordLoginElement.VerifyPassword(hash, password), cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> (one hash, or one hash-equivalent) under the gate.</summary>
    public async Task<T> RunAsync<T>(string operation, Func<T> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var lease = await _limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            _metrics.RecordPasswordHashRejected();
            var seconds = RetryAfterSeconds();
            throw new AuthException(BusyCode, $"the server is busy checking passwords; try again in {seconds} s",
                new JsonObject { ["retryAfterSeconds"] = seconds });
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            return work();
        }
        finally
        {
            var ticks = Stopwatch.GetTimestamp() - started;
            var average = Volatile.Read(ref _averageTicks);
            Interlocked.CompareExchange(ref _averageTicks, average + ((ticks - average) / 8), average);
            _metrics.RecordPasswordHash(operation, started);
        }
    }

    public void Dispose() => _limiter.Dispose();

    // A full queue drains in about (queue + running) × one hash's time / permits.
    private int RetryAfterSeconds()
    {
        var seconds = (double)Volatile.Read(ref _averageTicks) / Stopwatch.Frequency * (_queueLimit + _permits) / _permits;
        return (int)Math.Clamp(Math.Ceiling(seconds), 1, MaxRetryAfterSeconds);
    }
}
