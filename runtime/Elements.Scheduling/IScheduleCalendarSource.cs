using Quartz;

namespace Elements.Scheduling;

/// <summary>
/// An element that provides a Quartz calendar (the holiday calendar model does): the scheduler stores it under
/// <see cref="CalendarName"/> at start-up, after every reload and at every calendar refresh, so that triggers naming it
/// skip the days it excludes.
/// </summary>
public interface IScheduleCalendarSource
{
    string CalendarName { get; }

    Task<ICalendar> BuildCalendarAsync(CancellationToken cancellationToken);
}
