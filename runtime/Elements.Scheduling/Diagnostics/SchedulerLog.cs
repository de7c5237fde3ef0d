using Microsoft.Extensions.Logging;

namespace Elements.Scheduling.Diagnostics;

internal static partial class SchedulerLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled element {FullName} fired but is no longer a scheduled element of the app")]
    public static partial void ElementGone(ILogger logger, string fullName);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled element {FullName} failed for its fire time {FireTime:O}")]
    public static partial void ElementRunFailed(ILogger logger, Exception exception, string fullName, DateTimeOffset fireTime);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recurring work {Name} fired but is not registered in this process")]
    public static partial void RecurringWorkGone(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recurring work {Name} failed")]
    public static partial void RecurringWorkFailed(ILogger logger, Exception exception, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduler tables ready in {Store}")]
    public static partial void SchemaReady(ILogger logger, string store);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduler disabled (Elements:Scheduler:Enabled = false): no jobs run in this process")]
    public static partial void Disabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled jobs synced: {Scheduled} (re)scheduled, {Unchanged} unchanged, {Deleted} deleted")]
    public static partial void Synced(ILogger logger, int scheduled, int unchanged, int deleted);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled element {FullName} could not be scheduled; its stored job is kept as it was")]
    public static partial void ElementSyncFailed(ILogger logger, Exception exception, string fullName);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sync of scheduled jobs failed")]
    public static partial void SyncFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Calendar {Calendar} of {FullName} could not be built or stored")]
    public static partial void CalendarFailed(ILogger logger, Exception exception, string calendar, string fullName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run request for recurring work {Name} failed")]
    public static partial void SignalFailed(ILogger logger, Exception exception, string name);
}
