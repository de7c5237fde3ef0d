namespace Elements.Activation;

/// <summary>
/// The elements whose constructors are running in the current async flow, innermost last (the way
/// Microsoft.Extensions.DependencyInjection's call-site chain tracks services). An element asked for while its own
/// constructor is still on the chain is a cycle: it fails with <c>EL_ACTIVATION_CYCLE</c> instead of recursing until
/// the stack overflows (the entry's lock is re-entrant on the same thread, so it cannot stop the recursion).
/// <para>
/// Only first activations touch the chain; <see cref="ElementEntry.GetOrActivate"/> on an activated element never does.
/// The chain is an <see cref="AsyncLocal{T}"/>, so it flows into tasks a constructor starts and awaits (Task.Run,
/// async helpers): a cycle closed on another thread is reported too, before that thread blocks on the first
/// activation's lock. Work started without the execution context (ExecutionContext.SuppressFlow, UnsafeQueueUserWorkItem,
/// Thread.UnsafeStart) does not see the chain; a cycle closed there waits for the constructor that waits for it, as
/// with any lock (see docs/diagnostics.md).
/// </para>
/// </summary>
internal static class ActivationChain
{
    public const string CycleCode = ElementErrorCodes.ActivationCycle;

    private static readonly AsyncLocal<Frame?> Current = new();

    /// <summary>Adds <paramref name="entry"/> to the chain until the returned scope is disposed; throws
    /// EL_ACTIVATION_CYCLE naming the chain when its constructor is already running in this flow.</summary>
    public static Scope Enter(ElementEntry entry)
    {
        var current = Current.Value;
        for (var frame = current; frame is not null; frame = frame.Parent)
        {
            if (ReferenceEquals(frame.Entry, entry) && !frame.IsDone)
            {
                throw new ElementException(CycleCode,
                    $"activation cycle: {Describe(current, entry)}; an element's constructor asks, directly or through other elements, for itself");
            }
        }

        var entered = new Frame(entry, current);
        Current.Value = entered;
        return new Scope(entered, current);
    }

    /// <summary>The running activations of this flow, outermost first (<c>services.A -> services.B</c>); empty when
    /// only <paramref name="innermost"/>'s own constructor runs, i.e. it was not asked for by another constructor.</summary>
    public static string DescribeNested(ElementEntry innermost)
    {
        var current = Current.Value;
        for (var frame = current; frame is not null; frame = frame.Parent)
        {
            if (!frame.IsDone && !ReferenceEquals(frame.Entry, innermost))
            {
                return Describe(current, null);
            }
        }

        return "";
    }

    private static string Describe(Frame? innermost, ElementEntry? closing)
    {
        var names = new List<string>();
        if (closing is not null)
        {
            names.Add(closing.Definition.FullName);
        }

        for (var frame = innermost; frame is not null; frame = frame.Parent)
        {
            // A finished frame is still referenced by tasks its constructor started without awaiting them; it no
            // longer holds anything.
            if (!frame.IsDone)
            {
                names.Add(frame.Entry.Definition.FullName);
            }
        }

        names.Reverse();
        return string.Join(" -> ", names);
    }

    /// <summary>Immutable links, so a flow that captured the chain keeps a consistent view of it.</summary>
    internal sealed class Frame(ElementEntry entry, Frame? parent)
    {
        private volatile bool _done;

        public ElementEntry Entry { get; } = entry;

        public Frame? Parent { get; } = parent;

        public bool IsDone => _done;

        public void MarkDone() => _done = true;
    }

    public readonly struct Scope : IDisposable
    {
        private readonly Frame _entered;
        private readonly Frame? _previous;

        internal Scope(Frame entered, Frame? previous)
        {
            _entered = entered;
            _previous = previous;
        }

        public void Dispose()
        {
            _entered.MarkDone();
            Current.Value = _previous;
        }
    }
}
