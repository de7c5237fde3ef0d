using Microsoft.Extensions.Logging;

namespace Elements.Std.Events;

/// <summary>Event log messages: names and error codes only, never payloads (rows may hold personal data or secrets).</summary>
internal static partial class EventLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Error, Message = "Event {Event} failed after the change was committed ({Code}); the change stands")]
    public static partial void AfterHandlerFailed(ILogger logger, string @event, string code, Exception exception);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Outbox run {Id} of event {Event} failed on attempt {Attempt} ({Code}); next attempt at {NextAttempt:o}")]
    public static partial void AsyncRunRetried(ILogger logger, long id, string @event, int attempt, string code, DateTimeOffset nextAttempt);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Error, Message = "Outbox run {Id} of event {Event} failed for good after {Attempt} attempts ({Code})")]
    public static partial void AsyncRunFailed(ILogger logger, long id, string @event, int attempt, string code);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "Outbox run {Id} of event {Event} finished after its lease ran out; another node may run it again")]
    public static partial void LeaseLost(ILogger logger, long id, string @event);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Error, Message = "Event outbox of {Database} could not be read ({Code})")]
    public static partial void OutboxUnavailable(ILogger logger, string database, string code, Exception exception);
}
