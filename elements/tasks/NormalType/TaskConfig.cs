using System.ComponentModel.DataAnnotations;
using Elements.Configuration;

namespace Elements.Std.Tasks;

/// <summary>
/// Business config of a <c>tasks.NormalType</c> task, as JitAi's (<c>funcType</c>, <c>taskFunc</c>, <c>timerCfg</c>,
/// <c>enable</c>) plus <c>cron</c>, <c>timeZone</c> and <c>misfire</c>. Checked when the app loads: everything that
/// would stop the task from being scheduled is a load error at its key.
/// </summary>
public sealed class TaskConfig : IValidatableObject, IElementReferences
{
    /// <summary><c>Inner</c> (the task's own class's <c>CustomFunc()</c>) or <c>Global</c> (<see cref="TaskFunc"/>).</summary>
    public string FuncType { get; set; } = "Inner";

    /// <summary>For <c>Global</c>: <c>services.X.fn</c>, a function of another element.</summary>
    public string? TaskFunc { get; set; }

    public TimerConfig? TimerCfg { get; set; }

    /// <summary>A Quartz cron expression (seconds first), instead of <c>timerCfg.repeat</c>.</summary>
    public string? Cron { get; set; }

    /// <summary>IANA zone id; null = <see cref="TaskOptions.TimeZone"/>.</summary>
    public string? TimeZone { get; set; }

    /// <summary><c>runOnce</c> (default) or <c>skip</c>: what a fire missed while no scheduler ran becomes.</summary>
    public string Misfire { get; set; } = "runOnce";

    /// <summary>1 enabled, 0 disabled (the scheduler keeps no job for it).</summary>
    public int Enable { get; set; } = 1;

    /// <summary>A Global task's <c>taskFunc</c> must name a function its element declares.</summary>
    public IEnumerable<ElementReference> GetReferences()
    {
        if (string.Equals(FuncType, "Global", StringComparison.OrdinalIgnoreCase) && TaskFunc?.LastIndexOf('.') is > 0 and var dot)
        {
            yield return new ElementReference("taskFunc", TaskFunc[..dot]) { Function = TaskFunc[(dot + 1)..] };
        }
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var errors = new List<(string Path, string Message)>();
        TaskSchedule.Parse(this, TaskOptions.DefaultTimeZone, errors);
        return errors.Select(e => new ValidationResult(e.Message, [e.Path]));
    }
}
