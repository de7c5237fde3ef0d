using Microsoft.Extensions.Logging;

namespace Elements.Std.Tasks;

internal static partial class TaskLog
{
    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning, Message = "Task {Task} failed ({Code})")]
    public static partial void TaskFailed(ILogger logger, string task, string code, Exception exception);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Error, Message = "Task {Task} ran but its history row could not be written")]
    public static partial void HistoryFailed(ILogger logger, string task, Exception exception);
}
