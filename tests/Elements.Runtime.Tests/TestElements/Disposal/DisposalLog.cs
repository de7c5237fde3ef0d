using System.Collections.Concurrent;

namespace Elements.Runtime.Tests.TestElements.Disposal;

/// <summary>
/// What the disposal probes of one test did, in order. Probes find their log through the <c>log</c> key of their
/// config, so tests running in parallel never see each other's events.
/// </summary>
internal sealed class DisposalLog
{
    private static readonly ConcurrentDictionary<string, DisposalLog> Logs = new();
    private readonly ConcurrentQueue<string> _events = new();

    private DisposalLog(string id) => Id = id;

    public string Id { get; }

    /// <summary>Completed by a test to let <see cref="WorkProbe"/> calls finish.</summary>
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Signalled when a <see cref="WorkProbe"/> call has started.</summary>
    public TaskCompletionSource WorkStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<string> Events => [.. _events];

    public static DisposalLog Create()
    {
        var log = new DisposalLog(Guid.NewGuid().ToString("n"));
        Logs[log.Id] = log;
        return log;
    }

    public static DisposalLog For(string id) => Logs[id];

    public void Add(string entry) => _events.Enqueue(entry);

    public int Count(string entry) => _events.Count(e => e == entry);
}
