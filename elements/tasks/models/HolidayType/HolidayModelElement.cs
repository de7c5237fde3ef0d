using Elements.Activation;
using Elements.Scheduling;
using Elements.Std.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using Quartz.Impl.Calendar;

namespace Elements.Std.Tasks;

/// <summary>
/// <c>tasks.models.HolidayType</c>: a model of holidays (<c>date</c>, <c>title</c>) that is also the Quartz calendar
/// <see cref="TaskSchedule.HolidayCalendarName"/>: every row's date is excluded, as a whole day in the tasks' default
/// time zone (<see cref="TaskOptions.TimeZone"/>). The app fills <c>tasks.models.HolidayModel</c>.
/// </summary>
[ElementType("tasks.models.HolidayType", ConfigType = typeof(ModelConfig))]
public sealed class HolidayModelElement : ModelElement, IScheduleCalendarSource
{
    private readonly TimeZoneInfo _zone;

    public HolidayModelElement(ElementContext context, ModelConfig config, ILogger<ModelElement> logger, IOptions<TaskOptions> options)
        : base(context, config, logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        TaskSchedule.TryFindZone(options.Value.TimeZone, out _zone);
    }

    public string CalendarName => TaskSchedule.HolidayCalendarName;

    public async Task<ICalendar> BuildCalendarAsync(CancellationToken cancellationToken)
    {
        var store = await OpenStoreAsync(cancellationToken).ConfigureAwait(false);
        var rows = await store.QueryAsync(fieldList: ["date"], cancellationToken: cancellationToken).ConfigureAwait(false);
        var calendar = new HolidayCalendar { TimeZone = _zone, Description = "tasks.models.HolidayModel" };
        foreach (var row in rows.RowDatas)
        {
            if (row?["date"]?.GetValue<string>() is { } text && DateOnly.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var date))
            {
                calendar.AddExcludedDay(date);
            }
        }

        return calendar;
    }
}
