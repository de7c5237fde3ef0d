using System.Collections.Immutable;

namespace Elements.Std.Events;

/// <summary>
/// The events running in the current async flow, outermost first. A handler that writes the model that fired it (or
/// publishes the event it handles) nests; past <see cref="MaxDepth"/> the next handler is refused with
/// <see cref="EventErrorCodes.Cycle"/> naming the chain, instead of recursing until the stack overflows. Asynchronous
/// runs carry the chain of the flow that queued them, so a cycle through the outbox ends the same way.
/// </summary>
public static class EventChain
{
    public const int MaxDepth = 8;

    private static readonly AsyncLocal<ImmutableArray<string>> Chain = new();

    public static IReadOnlyList<string> Current => Chain.Value.IsDefault ? [] : Chain.Value;

    /// <summary>Enters <paramref name="eventName"/>; dispose to leave. Throws EVENT_CYCLE when the chain is full.</summary>
    public static IDisposable Enter(string eventName)
    {
        var current = Chain.Value.IsDefault ? [] : Chain.Value;
        if (current.Length >= MaxDepth)
        {
            throw new ElementException(EventErrorCodes.Cycle,
                $"events nested deeper than {MaxDepth} (an event changing what fires it?): {string.Join(" → ", current)} → {eventName}");
        }

        Chain.Value = current.Add(eventName);
        return new Scope(current);
    }

    /// <summary>Sets the chain a queued run was recorded with (the dispatcher, before running it).</summary>
    internal static IDisposable Restore(IEnumerable<string> chain)
    {
        var previous = Chain.Value;
        Chain.Value = [.. chain];
        return new Scope(previous);
    }

    private sealed class Scope(ImmutableArray<string> previous) : IDisposable
    {
        public void Dispose() => Chain.Value = previous;
    }
}
