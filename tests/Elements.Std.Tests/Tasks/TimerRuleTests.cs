using System.Globalization;
using System.Text.Json;
using Elements.Std.Tasks;

namespace Elements.Std.Tests.Tasks;

/// <summary>
/// timerCfg (and cron) → the next run times the Quartz triggers give, table-driven: month ends, leap years, weekday
/// lists, periods of weeks and months, nth weekdays, end times, once, cron, a DST-free zone and two DST zones.
/// </summary>
public sealed class TimerRuleTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static TheoryData<string, string, string[]> Rules => new()
    {
        {
            "every day",
            """{"timerCfg": {"startTime": "2024-01-01 09:00:00", "repeat": {"repeatType": "day", "period": 1}}}""",
            ["2024-01-01 09:00:00+08:00", "2024-01-02 09:00:00+08:00", "2024-01-03 09:00:00+08:00", "2024-01-04 09:00:00+08:00", "2024-01-05 09:00:00+08:00"]
        },
        {
            "day 31 is skipped in shorter months",
            """{"timerCfg": {"startTime": "2024-01-31 10:00:00", "repeat": {"repeatType": "month", "period": 1, "subType": "day", "day": [31]}}}""",
            ["2024-01-31 10:00:00+08:00", "2024-03-31 10:00:00+08:00", "2024-05-31 10:00:00+08:00", "2024-07-31 10:00:00+08:00", "2024-08-31 10:00:00+08:00"]
        },
        {
            "day -1 is the last day, Feb 29 in a leap year",
            """{"timerCfg": {"startTime": "2024-01-15 10:00:00", "repeat": {"repeatType": "month", "period": 1, "day": [-1]}}}""",
            ["2024-01-31 10:00:00+08:00", "2024-02-29 10:00:00+08:00", "2024-03-31 10:00:00+08:00", "2024-04-30 10:00:00+08:00", "2024-05-31 10:00:00+08:00"]
        },
        {
            "Feb 29 every year runs in leap years only",
            """{"timerCfg": {"startTime": "2024-02-29 08:00:00", "repeat": {"repeatType": "year", "period": 1, "month": 2, "day": [29]}}}""",
            ["2024-02-29 08:00:00+08:00", "2028-02-29 08:00:00+08:00", "2032-02-29 08:00:00+08:00", "2036-02-29 08:00:00+08:00", "2040-02-29 08:00:00+08:00"]
        },
        {
            "Monday, Wednesday, Friday",
            """{"timerCfg": {"startTime": "2024-01-01 09:00:00", "repeat": {"repeatType": "week", "period": 1, "weekday": [1, 3, 5]}}}""",
            ["2024-01-01 09:00:00+08:00", "2024-01-03 09:00:00+08:00", "2024-01-05 09:00:00+08:00", "2024-01-08 09:00:00+08:00", "2024-01-10 09:00:00+08:00"]
        },
        {
            "every 2 weeks on Tuesday and Thursday, from a Wednesday",
            """{"timerCfg": {"startTime": "2024-01-03 08:00:00", "repeat": {"repeatType": "week", "period": 2, "weekday": [2, 4]}}}""",
            ["2024-01-04 08:00:00+08:00", "2024-01-16 08:00:00+08:00", "2024-01-18 08:00:00+08:00", "2024-01-30 08:00:00+08:00", "2024-02-01 08:00:00+08:00"]
        },
        {
            "Sunday is 7",
            """{"timerCfg": {"startTime": "2024-01-01 07:00:00", "repeat": {"repeatType": "week", "period": 1, "weekday": [7]}}}""",
            ["2024-01-07 07:00:00+08:00", "2024-01-14 07:00:00+08:00", "2024-01-21 07:00:00+08:00", "2024-01-28 07:00:00+08:00", "2024-02-04 07:00:00+08:00"]
        },
        {
            "every 2 months on the start day",
            """{"timerCfg": {"startTime": "2024-11-15 10:00:00", "repeat": {"repeatType": "month", "period": 2}}}""",
            ["2024-11-15 10:00:00+08:00", "2025-01-15 10:00:00+08:00", "2025-03-15 10:00:00+08:00", "2025-05-15 10:00:00+08:00", "2025-07-15 10:00:00+08:00"]
        },
        {
            "the first Monday of June every year (JitAi's example)",
            """{"timerCfg": {"startTime": "2024-06-01 09:00:00", "repeat": {"repeatType": "year", "period": 1, "month": 6, "week": 1, "weekday": [1]}}}""",
            ["2024-06-03 09:00:00+08:00", "2025-06-02 09:00:00+08:00", "2026-06-01 09:00:00+08:00", "2027-06-07 09:00:00+08:00", "2028-06-05 09:00:00+08:00"]
        },
        {
            "every 2 years",
            """{"timerCfg": {"startTime": "2024-03-10 06:00:00", "repeat": {"repeatType": "year", "period": 2}}}""",
            ["2024-03-10 06:00:00+08:00", "2026-03-10 06:00:00+08:00", "2028-03-10 06:00:00+08:00", "2030-03-10 06:00:00+08:00", "2032-03-10 06:00:00+08:00"]
        },
        {
            "the last Friday of every month",
            """{"timerCfg": {"startTime": "2024-01-01 17:00:00", "repeat": {"repeatType": "month", "period": 1, "subType": "week", "week": -1, "weekday": [5]}}}""",
            ["2024-01-26 17:00:00+08:00", "2024-02-23 17:00:00+08:00", "2024-03-29 17:00:00+08:00", "2024-04-26 17:00:00+08:00", "2024-05-31 17:00:00+08:00"]
        },
        {
            "the end time stops it",
            """{"timerCfg": {"startTime": "2024-01-01 09:00:00", "endTime": "2024-01-03 18:00:00", "repeat": {"repeatType": "day", "period": 1}}}""",
            ["2024-01-01 09:00:00+08:00", "2024-01-02 09:00:00+08:00", "2024-01-03 09:00:00+08:00"]
        },
        {
            "normal runs once",
            """{"timerCfg": {"startTime": "2024-05-01 12:30:00", "repeat": {"repeatType": "normal"}}}""",
            ["2024-05-01 12:30:00+08:00"]
        },
        {
            "every 15 minutes",
            """{"timerCfg": {"startTime": "2024-01-01 23:30:00", "repeat": {"repeatType": "minute", "period": 15}}}""",
            ["2024-01-01 23:30:00+08:00", "2024-01-01 23:45:00+08:00", "2024-01-02 00:00:00+08:00", "2024-01-02 00:15:00+08:00", "2024-01-02 00:30:00+08:00"]
        },
        {
            "cron on weekdays",
            """{"cron": "0 30 8 ? * MON-FRI", "timerCfg": {"startTime": "2024-01-05 00:00:00"}}""",
            ["2024-01-05 08:30:00+08:00", "2024-01-08 08:30:00+08:00", "2024-01-09 08:30:00+08:00", "2024-01-10 08:30:00+08:00", "2024-01-11 08:30:00+08:00"]
        },
        {
            "Shanghai keeps +08:00 across Europe's switch",
            """{"timeZone": "Asia/Shanghai", "timerCfg": {"startTime": "2024-03-30 09:00:00", "repeat": {"repeatType": "day", "period": 1}}}""",
            ["2024-03-30 09:00:00+08:00", "2024-03-31 09:00:00+08:00", "2024-04-01 09:00:00+08:00", "2024-04-02 09:00:00+08:00", "2024-04-03 09:00:00+08:00"]
        },
        {
            "Berlin days keep 09:00 across the spring switch",
            """{"timeZone": "Europe/Berlin", "timerCfg": {"startTime": "2024-03-29 09:00:00", "repeat": {"repeatType": "day", "period": 1}}}""",
            ["2024-03-29 09:00:00+01:00", "2024-03-30 09:00:00+01:00", "2024-03-31 09:00:00+02:00", "2024-04-01 09:00:00+02:00", "2024-04-02 09:00:00+02:00"]
        },
        {
            "Berlin weekly cron keeps 02:30 local; on the switch night (no 02:30) it runs as the clocks jump",
            """{"timeZone": "Europe/Berlin", "timerCfg": {"startTime": "2024-03-17 02:30:00", "repeat": {"repeatType": "week", "period": 1, "weekday": [7]}}}""",
            ["2024-03-17 02:30:00+01:00", "2024-03-24 02:30:00+01:00", "2024-03-31 03:00:00+02:00", "2024-04-07 02:30:00+02:00", "2024-04-14 02:30:00+02:00"]
        },
        {
            "New York hours are elapsed time across the spring switch",
            """{"timeZone": "America/New_York", "timerCfg": {"startTime": "2024-03-10 00:30:00", "repeat": {"repeatType": "hour", "period": 1}}}""",
            ["2024-03-10 00:30:00-05:00", "2024-03-10 01:30:00-05:00", "2024-03-10 03:30:00-04:00", "2024-03-10 04:30:00-04:00", "2024-03-10 05:30:00-04:00"]
        },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Timer_config_gives_the_expected_next_run_times(string rule, string config, string[] expected)
    {
        var schedule = Parse(config);
        var after = schedule.StartTime!.Value.AddSeconds(-1);

        var times = schedule.GetNextRunTimes(5, after);

        Assert.True(expected.SequenceEqual(times.Select(Show)), $"{rule}: got {string.Join(", ", times.Select(Show))}");
    }

    [Fact]
    public void The_fingerprint_changes_with_the_schedule_only()
    {
        var daily = Parse("""{"timerCfg": {"startTime": "2024-01-01 09:00:00", "repeat": {"repeatType": "day", "period": 1}}}""");
        var same = Parse("""{"title": "renamed", "timerCfg": {"startTime": "2024-01-01 09:00", "repeat": {"repeatType": "day"}}}""");
        var later = Parse("""{"timerCfg": {"startTime": "2024-01-01 10:00:00", "repeat": {"repeatType": "day", "period": 1}}}""");
        var berlin = Parse("""{"timeZone": "Europe/Berlin", "timerCfg": {"startTime": "2024-01-01 09:00:00", "repeat": {"repeatType": "day", "period": 1}}}""");

        Assert.Equal(daily.Fingerprint, same.Fingerprint);
        Assert.NotEqual(daily.Fingerprint, later.Fingerprint);
        Assert.NotEqual(daily.Fingerprint, berlin.Fingerprint);
    }

    private static TaskSchedule Parse(string json)
    {
        var config = JsonSerializer.Deserialize<TaskConfig>(json, Json)!;
        var errors = new List<(string Path, string Message)>();
        var schedule = TaskSchedule.Parse(config, TaskOptions.DefaultTimeZone, errors);
        Assert.True(schedule is not null, string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}")));
        return schedule;
    }

    private static string Show(DateTimeOffset time) => time.ToString("yyyy-MM-dd HH:mm:sszzz", CultureInfo.InvariantCulture);
}
