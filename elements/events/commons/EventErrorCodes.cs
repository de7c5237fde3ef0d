namespace Elements.Std.Events;

/// <summary>Error codes of events.</summary>
public static class EventErrorCodes
{
    /// <summary>Event handlers nested deeper than <see cref="EventChain.MaxDepth"/> (an event writing the model that fires it).</summary>
    public const string Cycle = "EVENT_CYCLE";

    /// <summary>An outbox row names an event that no longer exists or is disabled (recorded on the row, which then fails).</summary>
    public const string NotFound = "EVENT_NOT_FOUND";

    /// <summary>A handler failed with an exception that is not an <see cref="ElementException"/>.</summary>
    public const string HandlerFailed = "EVENT_HANDLER_FAILED";

    /// <summary>An Inner event's class defines no usable <c>CustomFunc</c>.</summary>
    public const string NoHandler = "EVENT_NO_HANDLER";
}
