using Elements.Activation;

namespace Elements.Runtime.Tests.TestElements.Disposal;

/// <summary>Both interfaces, like the database elements: the app's DisposeAsync should pick DisposeAsync.</summary>
[ElementType("services.AsyncProbe")]
internal sealed class AsyncProbe(ElementContext context) : DisposalProbe(context), IAsyncDisposable, IDisposable
{
    public void Dispose() => Log.Add($"dispose:{Name}");

    public async ValueTask DisposeAsync()
    {
        await Task.Yield();
        Log.Add($"disposeAsync:{Name}");
    }
}
