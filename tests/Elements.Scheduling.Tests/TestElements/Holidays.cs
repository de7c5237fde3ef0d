using Elements.Activation;
using Quartz;
using Quartz.Impl.Calendar;

namespace Elements.Scheduling.Tests.TestElements;

/// <summary><c>services.Holidays</c>: a calendar named <c>holidays</c> that excludes today and tomorrow (UTC).</summary>
[ElementType("services.Holidays")]
public sealed class Holidays(ElementContext context) : IScheduleCalendarSource
{
    public string FullName => context.FullName;

    public string CalendarName => "holidays";

    public Task<ICalendar> BuildCalendarAsync(CancellationToken cancellationToken)
    {
        var calendar = new HolidayCalendar { TimeZone = TimeZoneInfo.Utc };
        calendar.AddExcludedDay(DateOnly.FromDateTime(DateTime.UtcNow));
        calendar.AddExcludedDay(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1));
        return Task.FromResult<ICalendar>(calendar);
    }
}
