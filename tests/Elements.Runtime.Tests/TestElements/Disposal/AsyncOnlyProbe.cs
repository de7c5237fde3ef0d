using Elements.Activation;

namespace Elements.Runtime.Tests.TestElements.Disposal;

[ElementType("services.AsyncOnlyProbe")]
internal sealed class AsyncOnlyProbe(ElementContext context) : DisposalProbe(context), IAsyncDisposable
{
    public ValueTask DisposeAsync()
    {
        Log.Add($"disposeAsync:{Name}");
        return ValueTask.CompletedTask;
    }
}
