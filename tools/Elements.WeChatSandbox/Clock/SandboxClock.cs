namespace Elements.WeChatSandbox.Clock;

/// <summary>
/// Real time plus an offset that only grows (until <c>/sandbox/reset</c>), so tests jump over 5-minute code lifetimes or 2-hour token lifetimes
/// without sleeping while timers and delays keep working. Pass the same instance to a client as its
/// <see cref="TimeProvider"/> to keep both sides on one clock.
/// </summary>
public sealed class SandboxClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;

    public DateTimeOffset Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
        return GetUtcNow();
    }

    public void Reset() => Interlocked.Exchange(ref _offsetTicks, 0);
}
