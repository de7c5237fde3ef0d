namespace Elements.Std.Tasks;

/// <summary>JitAi's <c>timerCfg</c>. Times read <c>yyyy-MM-dd HH:mm:ss</c> in the task's time zone.</summary>
public sealed class TimerConfig
{
    public string? StartTime { get; set; }

    public string? EndTime { get; set; }

    public RepeatConfig? Repeat { get; set; }

    /// <summary>1: skip the days of the holiday calendar (<c>tasks.models.HolidayModel</c>).</summary>
    public int SkipHoliday { get; set; }
}
