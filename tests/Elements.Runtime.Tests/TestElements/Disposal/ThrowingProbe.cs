using Elements.Activation;

namespace Elements.Runtime.Tests.TestElements.Disposal;

[ElementType("services.ThrowingProbe")]
internal sealed class ThrowingProbe(ElementContext context) : DisposalProbe(context), IDisposable, IAsyncDisposable
{
    public void Dispose()
    {
        Log.Add($"dispose:{Name}");
        throw new InvalidOperationException("probe refuses to be disposed");
    }

    public ValueTask DisposeAsync()
    {
        Log.Add($"disposeAsync:{Name}");
        throw new InvalidOperationException("probe refuses to be disposed");
    }
}
