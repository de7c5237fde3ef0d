namespace Elements.Host.Bench;

/// <summary>
/// Keeps the bench under the sandbox's 100 <c>jscode2session</c> calls per WeChat user per minute (errcode 45011): each
/// phase reserves its calls (users are picked round-robin) before its codes are minted, and waits for the next minute
/// when the current one has no room left. Waits happen between phases, never inside a timed one.
/// </summary>
internal sealed class SandboxQuota(int users)
{
    // A margin under the sandbox's 100 for calls straddling a minute boundary.
    private const int Budget = 95;
    private long _minute = -1;
    private int _used;

    /// <summary>Total time spent waiting for a new minute.</summary>
    public TimeSpan Waited { get; private set; }

    public async Task ReserveAsync(int calls)
    {
        var perUser = (calls + users - 1) / users;
        var now = DateTimeOffset.UtcNow;
        var minute = now.ToUnixTimeSeconds() / 60;
        if (minute != _minute)
        {
            (_minute, _used) = (minute, 0);
        }

        if (_used > 0 && _used + perUser > Budget)
        {
            var wait = DateTimeOffset.FromUnixTimeSeconds((minute + 1) * 60) - now + TimeSpan.FromMilliseconds(200);
            await Task.Delay(wait);
            Waited += wait;
            (_minute, _used) = (minute + 1, 0);
        }

        _used += perUser;
    }
}
