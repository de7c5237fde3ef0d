using System.Collections.Concurrent;

namespace Elements.Runtime.Tests.TestElements;

/// <summary>
/// What each <see cref="LinkedElement"/> does in its constructor, set by the test (a DI singleton of one test's app), so
/// a test can close a cycle, then repair it without reloading and see that nothing stayed cached as failed.
/// </summary>
public sealed class ActivationLinks
{
    private readonly ConcurrentDictionary<string, int> _constructions = new();

    /// <summary>Element full name → the element its constructor asks for.</summary>
    public ConcurrentDictionary<string, string> Next { get; } = new();

    /// <summary>Elements that ask for their next element on a Task.Run they block on (another thread, same flow).</summary>
    public ConcurrentDictionary<string, bool> OnAnotherThread { get; } = new();

    /// <summary>Elements whose constructor throws.</summary>
    public ConcurrentDictionary<string, bool> Failing { get; } = new();

    /// <summary>Elements whose constructor starts, without awaiting it, a task that asks for the element itself once
    /// <see cref="Released"/> completes.</summary>
    public ConcurrentDictionary<string, bool> AskForSelfLater { get; } = new();

    public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Constructions(string fullName) => _constructions.GetValueOrDefault(fullName);

    internal void Constructed(string fullName) => _constructions.AddOrUpdate(fullName, 1, (_, n) => n + 1);
}
