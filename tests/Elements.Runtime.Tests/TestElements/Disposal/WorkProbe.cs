using Elements.Activation;

namespace Elements.Runtime.Tests.TestElements.Disposal;

/// <summary>A function that runs until the test opens <see cref="DisposalLog.Gate"/>, then reports whether its
/// element was disposed meanwhile.</summary>
[ElementType("services.WorkProbe")]
internal sealed class WorkProbe(ElementContext context) : DisposalProbe(context), IDisposable
{
    private int _disposed;

    public async Task<string> WorkAsync()
    {
        Log.WorkStarted.TrySetResult();
        await Log.Gate.Task;
        return Volatile.Read(ref _disposed) == 0 ? "alive" : "disposed";
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _disposed, 1);
        Log.Add($"dispose:{Name}");
    }
}
