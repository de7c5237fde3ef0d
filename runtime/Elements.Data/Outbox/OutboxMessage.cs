namespace Elements.Data.Outbox;

/// <summary>One claimed outbox row: what to run, and how many times it has been claimed (this claim included).</summary>
public sealed record OutboxMessage(long Id, string EventName, string Payload, int Attempts);
