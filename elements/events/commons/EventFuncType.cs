namespace Elements.Std.Events;

/// <summary>Where an event's handler is: a service function (<c>Global</c>, JitAi's default) or the event's own <c>CustomFunc</c>.</summary>
public enum EventFuncType
{
    Global,
    Inner,
}
