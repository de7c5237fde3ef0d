namespace Elements.Std.Tasks;

/// <summary>JitAi's <c>timerCfg.repeat</c>.</summary>
public sealed class RepeatConfig
{
    /// <summary><c>year</c>, <c>month</c>, <c>week</c>, <c>day</c>, <c>hour</c>, <c>minute</c> or <c>normal</c> (once).</summary>
    public string? RepeatType { get; set; }

    /// <summary>Every <c>period</c> units (≥ 1; for month, a divisor of 12).</summary>
    public int Period { get; set; } = 1;

    /// <summary>JitAi's month/year mode: <c>day</c> (month days, <see cref="Day"/>) or <c>week</c> (nth <see cref="Weekday"/>).</summary>
    public string? SubType { get; set; }

    /// <summary>1 = Monday … 7 = Sunday.</summary>
    public List<int>? Weekday { get; set; }

    /// <summary>Days of the month, 1–31, or -1 for the last day.</summary>
    public List<int>? Day { get; set; }

    /// <summary>Month of the year (1–12) for <c>year</c>.</summary>
    public int? Month { get; set; }

    /// <summary>Nth week of the month (1–5, -1 = the last) for the nth-weekday modes.</summary>
    public int? Week { get; set; }
}
