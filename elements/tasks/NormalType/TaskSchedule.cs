using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Quartz;
using Quartz.Extensibility;

namespace Elements.Std.Tasks;

/// <summary>
/// A task's timing, normalized from its config into the Quartz triggers that fire it: the scheduler builds these, and
/// <see cref="GetNextRunTimes"/> (the CLI, <c>getNextRunTime</c>) asks the very same triggers, so what is shown is what
/// fires. Month-end rule (one everywhere): a day a month does not have is skipped (day 31 fires in the seven 31-day
/// months, Feb 29 only in leap years); day -1 is the last day of every month.
/// </summary>
public sealed class TaskSchedule
{
    /// <summary>The Quartz calendar skipHoliday tasks are modified by (provided by <c>tasks.models.HolidayModel</c>).</summary>
    public const string HolidayCalendarName = "elements.holidays";

    private const int MaxCalendarSkips = 10_000;

    private static readonly string[] LocalFormats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm"];
    private static readonly string[] WeekdayNames = ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    private readonly IReadOnlyList<Spec> _specs;

    private TaskSchedule(TimeZoneInfo timeZone, DateTimeOffset? startTime, DateTimeOffset? endTime, bool skipHoliday, bool skipMisfires,
        IReadOnlyList<Spec> specs, string summary)
    {
        TimeZone = timeZone;
        StartTime = startTime;
        EndTime = endTime;
        SkipHoliday = skipHoliday;
        SkipMisfires = skipMisfires;
        _specs = specs;
        Summary = summary + (endTime is { } end ? $" until {Format(end)}" : "") + (skipHoliday ? ", skipping holidays" : "");
        var canonical = string.Join("|", [timeZone.Id, startTime?.ToString("O", CultureInfo.InvariantCulture) ?? "",
            endTime?.ToString("O", CultureInfo.InvariantCulture) ?? "", skipHoliday ? "h" : "", skipMisfires ? "skip" : "runOnce",
            .. specs.Select(s => s.Key)]);
        Fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    public TimeZoneInfo TimeZone { get; }

    /// <summary>timerCfg.startTime; null for a cron task without one (it starts when scheduled).</summary>
    public DateTimeOffset? StartTime { get; }

    public DateTimeOffset? EndTime { get; }

    public bool SkipHoliday { get; }

    /// <summary>misfire: skip.</summary>
    public bool SkipMisfires { get; }

    /// <summary>A one-line description, e.g. <c>every 2 weeks on Mon, Wed at 09:00:00</c>.</summary>
    public string Summary { get; }

    /// <summary>Hash of the normalized schedule: changes exactly when the triggers would.</summary>
    public string Fingerprint { get; }

    /// <summary>The schedule of <paramref name="config"/>, or null with the problems (JSON path, message) added to <paramref name="errors"/>.</summary>
    public static TaskSchedule? Parse(TaskConfig config, string defaultTimeZone, List<(string Path, string Message)> errors)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        if (config.FuncType is not ("Inner" or "Global"))
        {
            errors.Add(("funcType", $"funcType must be 'Inner' or 'Global', not '{config.FuncType}'"));
        }
        else if (config.FuncType == "Global" && !IsFunctionName(config.TaskFunc))
        {
            errors.Add((config.TaskFunc is null ? "funcType" : "taskFunc", config.TaskFunc is null
                ? "funcType Global needs taskFunc, the function to call (e.g. services.DataSyncService.syncUserData)"
                : $"taskFunc must name an element's function (e.g. services.DataSyncService.syncUserData), not '{config.TaskFunc}'"));
        }

        if (config.Misfire is not ("runOnce" or "skip"))
        {
            errors.Add(("misfire", $"misfire must be 'runOnce' or 'skip', not '{config.Misfire}'"));
        }

        if (config.Enable is not (0 or 1))
        {
            errors.Add(("enable", $"enable must be 0 or 1, not {config.Enable}"));
        }

        var zoneId = config.TimeZone ?? defaultTimeZone;
        if (!TryFindZone(zoneId, out var zone))
        {
            errors.Add((config.TimeZone is null ? "" : "timeZone", TimeZoneInfo.GetSystemTimeZones().Count <= 1
                ? $"time zone '{zoneId}' cannot be found: this machine has no time zone data (install the tzdata package)"
                : $"unknown time zone '{zoneId}' (an IANA id such as Asia/Shanghai or Europe/Berlin)"));
            zone = TimeZoneInfo.Utc;
        }

        var timer = config.TimerCfg;
        var start = ParseTime(timer?.StartTime, zone, "timerCfg.startTime", errors);
        var end = ParseTime(timer?.EndTime, zone, "timerCfg.endTime", errors);
        if (start is not null && end is not null && end <= start)
        {
            errors.Add(("timerCfg.endTime", $"endTime {timer!.EndTime} is not after startTime {timer.StartTime}"));
        }

        if (timer is not null && timer.SkipHoliday is not (0 or 1))
        {
            errors.Add(("timerCfg.skipHoliday", $"skipHoliday must be 0 or 1, not {timer.SkipHoliday}"));
        }

        List<Spec> specs = [];
        var summary = "";
        if (!string.IsNullOrWhiteSpace(config.Cron))
        {
            if (timer?.Repeat is not null)
            {
                errors.Add(("cron", "give either cron or timerCfg.repeat, not both"));
            }

            try
            {
                _ = new CronExpression(config.Cron);
                specs.Add(new CronSpec(config.Cron.Trim()));
                summary = $"cron {config.Cron.Trim()}";
            }
            catch (FormatException ex)
            {
                errors.Add(("cron", $"cron '{config.Cron}' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week [year]): {ex.Message}"));
            }
        }
        else if (timer is null)
        {
            errors.Add(("timerCfg", "a task needs timerCfg (startTime and repeat) or cron"));
        }
        else if (timer.Repeat is null)
        {
            errors.Add(("timerCfg.repeat", "timerCfg needs repeat ({\"repeatType\": \"day\", \"period\": 1}), or give cron instead"));
        }
        else if (timer.StartTime is null)
        {
            errors.Add(("timerCfg.startTime", "timerCfg needs startTime (yyyy-MM-dd HH:mm:ss), the first run and the time of day of the others"));
        }
        else if (start is not null)
        {
            summary = FromRepeat(timer.Repeat, start.Value, errors, specs);
        }

        return errors.Count > before
            ? null
            : new TaskSchedule(zone, start, end, timer?.SkipHoliday == 1, config.Misfire == "skip", specs, summary);
    }

    /// <summary>The Quartz triggers that fire the task, for <paramref name="job"/>; see <c>IScheduledElement.BuildTriggers</c>.</summary>
    public IReadOnlyList<ITrigger> BuildTriggers(JobKey job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var triggers = new List<ITrigger>(_specs.Count);
        for (var i = 0; i < _specs.Count; i++)
        {
            var builder = TriggerBuilder.Create().WithIdentity($"{job.Name}#{i}", job.Group).ForJob(job);
            builder = StartTime is { } start ? builder.StartAt(start) : builder.StartNow();
            if (EndTime is { } end)
            {
                builder = builder.EndAt(end);
            }

            if (SkipHoliday)
            {
                builder = builder.WithCalendarName(HolidayCalendarName);
            }

            builder = _specs[i] switch
            {
                CronSpec cron => builder.WithCronSchedule(cron.Expression, x =>
                {
                    x.InTimeZone(TimeZone);
                    x.WithMisfireInstruction(SkipMisfires ? CronTriggerMisfireInstruction.DoNothing : CronTriggerMisfireInstruction.FireAndProceed);
                }),
                IntervalSpec interval => builder.StartAt(interval.Start).WithCalendarIntervalSchedule(x =>
                {
                    // Days and longer keep the wall-clock time across a DST switch; hours and minutes are elapsed time.
                    x.WithInterval(interval.Period, interval.Unit).InTimeZone(TimeZone)
                        .PreserveHourOfDayAcrossDaylightSavings(interval.Unit is not (IntervalUnit.Hour or IntervalUnit.Minute));
                    x.WithMisfireInstruction(SkipMisfires ? CalendarIntervalTriggerMisfireInstruction.DoNothing : CalendarIntervalTriggerMisfireInstruction.FireAndProceed);
                }),
                OnceSpec once => builder.StartAt(once.At).WithSimpleSchedule(x =>
                {
                    x.WithRepeatCount(0);
                    x.WithMisfireInstruction(SkipMisfires ? SimpleTriggerMisfireInstruction.NextWithRemainingCount : SimpleTriggerMisfireInstruction.FireNow);
                }),
                _ => throw new InvalidOperationException("unknown trigger spec"),
            };
            triggers.Add(builder.Build());
        }

        return triggers;
    }

    /// <summary>
    /// The next <paramref name="count"/> fire times strictly after <paramref name="after"/>, in <see cref="TimeZone"/>,
    /// asked of the triggers the scheduler uses; days <paramref name="holidays"/> excludes are left out when the task
    /// skips holidays.
    /// </summary>
    public IReadOnlyList<DateTimeOffset> GetNextRunTimes(int count, DateTimeOffset after, ICalendar? holidays = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var calendar = SkipHoliday ? holidays : null;
        var times = new SortedSet<DateTimeOffset>();
        foreach (var trigger in BuildTriggers(new JobKey("preview")).Cast<IOperableTrigger>())
        {
            var found = 0;
            var skipped = 0;
            for (var next = trigger.GetFireTimeAfter(after); next is { } time && found < count; next = trigger.GetFireTimeAfter(time))
            {
                if (calendar is null || calendar.IsTimeIncluded(time))
                {
                    times.Add(time);
                    found++;
                }
                else if (++skipped > MaxCalendarSkips)
                {
                    break;
                }
            }
        }

        return [.. times.Take(count).Select(t => TimeZoneInfo.ConvertTime(t, TimeZone))];
    }

    /// <summary><c>yyyy-MM-dd HH:mm:ss</c> in the task's zone (as JitAi writes times).</summary>
    public string Format(DateTimeOffset time) => TimeZoneInfo.ConvertTime(time, TimeZone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>A time as config and <c>getNextRunTime(now)</c> take it: local in <paramref name="zone"/>, or ISO-8601 with an offset.</summary>
    public static bool TryParseTime(string text, TimeZoneInfo zone, out DateTimeOffset time, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(zone);
        problem = null;
        time = default;
        if (DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            if (zone.IsInvalidTime(local))
            {
                problem = $"'{text}' does not exist in {zone.Id} (a daylight-saving gap)";
                return false;
            }

            time = new DateTimeOffset(local, zone.GetUtcOffset(local));
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out time) && text.Contains('T', StringComparison.Ordinal))
        {
            return true;
        }

        problem = $"'{text}' is not a time (yyyy-MM-dd HH:mm:ss)";
        return false;
    }

    public static bool TryFindZone(string id, out TimeZoneInfo zone)
    {
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            zone = TimeZoneInfo.Utc;
            return false;
        }
    }

    private static bool IsFunctionName(string? name) =>
        name is not null && name.LastIndexOf('.') is var dot && dot > 0 && dot < name.Length - 1 && !name.Contains(' ', StringComparison.Ordinal);

    private static DateTimeOffset? ParseTime(string? text, TimeZoneInfo zone, string path, List<(string, string)> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (TryParseTime(text, zone, out var time, out var problem))
        {
            return time;
        }

        errors.Add((path, $"{path.Split('.')[^1]} {problem}"));
        return null;
    }

    private static string FromRepeat(RepeatConfig repeat, DateTimeOffset start, List<(string, string)> errors, List<Spec> specs)
    {
        const string At = "timerCfg.repeat.";
        var period = repeat.Period;
        var ok = true;
        void Fail(string key, string message)
        {
            errors.Add((At + key, message));
            ok = false;
        }

        if (period < 1)
        {
            Fail("period", $"period must be 1 or more, not {period}");
        }

        foreach (var weekday in repeat.Weekday ?? [])
        {
            if (weekday is < 1 or > 7)
            {
                Fail("weekday", $"weekday {weekday} is not 1 (Monday) .. 7 (Sunday)");
            }
        }

        foreach (var day in repeat.Day ?? [])
        {
            if (day is not (-1 or (>= 1 and <= 31)))
            {
                Fail("day", $"day {day} is not a day of the month (1 .. 31, or -1 for the last day)");
            }
        }

        if (repeat.Day is { } days && days.Contains(-1) && days.Any(d => d >= 28))
        {
            Fail("day", "day -1 (the last day) cannot be combined with days 28 .. 31, which may be the last day too (it would run twice)");
        }

        if (repeat.Month is { } month && month is < 1 or > 12)
        {
            Fail("month", $"month {month} is not 1 .. 12");
        }

        if (repeat.Week is { } week && week is not (-1 or (>= 1 and <= 5)))
        {
            Fail("week", $"week {week} is not 1 .. 5 (or -1 for the last)");
        }

        if (repeat.SubType is not (null or "day" or "week"))
        {
            Fail("subType", $"subType must be 'day' or 'week', not '{repeat.SubType}'");
        }

        var local = start.DateTime;
        var time = $"{local.Second} {local.Minute} {local.Hour}";
        var clock = local.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        var startWeekday = IsoWeekday(local.DayOfWeek);
        var weekdays = (repeat.Weekday is { Count: > 0 } list ? list : [startWeekday]).Distinct().Order().ToList();
        var every = period == 1 ? "every" : $"every {period}";
        var plural = period == 1 ? "" : "s";
        switch (repeat.RepeatType)
        {
            case "normal":
                specs.Add(new OnceSpec(start));
                return $"once at {local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}";
            case "minute":
            case "hour":
            case "day":
                var unit = repeat.RepeatType switch { "minute" => IntervalUnit.Minute, "hour" => IntervalUnit.Hour, _ => IntervalUnit.Day };
                if (ok)
                {
                    specs.Add(new IntervalSpec(unit, period, start));
                }

                return $"{every} {repeat.RepeatType}{plural} from {local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}";
            case "week":
                if (!ok)
                {
                    return "";
                }

                if (period == 1)
                {
                    specs.Add(new CronSpec($"{time} ? * {string.Join(",", weekdays.Select(QuartzWeekday))}"));
                }
                else
                {
                    // Weeks are counted from the week (Monday to Sunday) of startTime: a weekday of that week before
                    // startTime first runs period weeks later.
                    foreach (var weekday in weekdays)
                    {
                        var first = start.AddDays(weekday - startWeekday);
                        specs.Add(new IntervalSpec(IntervalUnit.Week, period, first < start ? first.AddDays(7 * period) : first));
                    }
                }

                return $"{every} week{plural} on {string.Join(", ", weekdays.Select(w => WeekdayNames[w]))} at {clock}";
            case "month":
                if (period >= 1 && 12 % period != 0)
                {
                    Fail("period", $"a monthly period must divide 12 (1, 2, 3, 4, 6 or 12), not {period}");
                }

                if (!ok)
                {
                    return "";
                }

                var months = string.Join(",", Enumerable.Range(0, 12 / period).Select(i => (local.Month - 1 + i * period) % 12 + 1).Order());
                return $"{every} month{plural} {DayOrWeek(repeat, local, time, months, "", weekdays, specs, Fail)} at {clock}";
            case "year":
                if (!ok)
                {
                    return "";
                }

                var inMonth = repeat.Month ?? local.Month;
                var on = DayOrWeek(repeat, local, time, inMonth.ToString(CultureInfo.InvariantCulture), $" {local.Year}/{period}", weekdays, specs, Fail);
                return $"{every} year{plural} in {CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(inMonth)} {on} at {clock}";
            default:
                Fail("repeatType", $"unknown repeatType '{repeat.RepeatType}' (year, month, week, day, hour, minute or normal)");
                return "";
        }
    }

    private static string DayOrWeek(RepeatConfig repeat, DateTime local, string time, string months, string years, List<int> weekdays, List<Spec> specs,
        Action<string, string> fail)
    {
        var nthWeekday = repeat.SubType == "week" || (repeat.SubType is null && repeat.Week is not null);
        if (nthWeekday)
        {
            if (repeat.Week is not { } week)
            {
                fail("week", "subType week needs week (the nth week of the month, 1 .. 5 or -1)");
                return "";
            }

            foreach (var weekday in weekdays)
            {
                specs.Add(new CronSpec($"{time} ? {months} {QuartzWeekday(weekday)}{(week == -1 ? "L" : "#" + week)}{years}"));
            }

            var nth = week == -1 ? "last" : week switch { 1 => "1st", 2 => "2nd", 3 => "3rd", _ => $"{week}th" };
            return $"on the {nth} {string.Join(", ", weekdays.Select(w => WeekdayNames[w]))}";
        }

        var days = (repeat.Day is { Count: > 0 } list ? list : [local.Day]).Distinct().ToList();
        var dates = days.Where(d => d > 0).Order().ToList();
        if (dates.Count > 0)
        {
            specs.Add(new CronSpec($"{time} {string.Join(",", dates)} {months} ?{years}"));
        }

        if (days.Contains(-1))
        {
            specs.Add(new CronSpec($"{time} L {months} ?{years}"));
        }

        IEnumerable<string> named = [.. dates.Select(d => d.ToString(CultureInfo.InvariantCulture)), .. days.Contains(-1) ? ["last"] : Array.Empty<string>()];
        return "on day " + string.Join(", ", named);
    }

    private static int IsoWeekday(DayOfWeek day) => day == DayOfWeek.Sunday ? 7 : (int)day;

    /// <summary>JitAi's 1 = Monday .. 7 = Sunday as Quartz's day-of-week (1 = Sunday .. 7 = Saturday).</summary>
    private static int QuartzWeekday(int weekday) => weekday % 7 + 1;

    private abstract record Spec
    {
        public abstract string Key { get; }
    }

    private sealed record CronSpec(string Expression) : Spec
    {
        public override string Key => "cron:" + Expression;
    }

    private sealed record IntervalSpec(IntervalUnit Unit, int Period, DateTimeOffset Start) : Spec
    {
        public override string Key => $"every:{Period}:{Unit}:{Start.ToString("O", CultureInfo.InvariantCulture)}";
    }

    private sealed record OnceSpec(DateTimeOffset At) : Spec
    {
        public override string Key => "once:" + At.ToString("O", CultureInfo.InvariantCulture);
    }
}
