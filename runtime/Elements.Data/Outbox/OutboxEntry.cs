namespace Elements.Data.Outbox;

/// <summary>
/// One outbox row as an operator sees it: which event, where it stands and its last error. Never the payload, which
/// may hold a row's personal data.
/// </summary>
public sealed record OutboxEntry(long Id, string EventName, string Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt,
    string? ErrorCode, string? ErrorMessage);
