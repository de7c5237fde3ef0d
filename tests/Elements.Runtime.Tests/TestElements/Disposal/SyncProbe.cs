using Elements.Activation;

namespace Elements.Runtime.Tests.TestElements.Disposal;

[ElementType("services.SyncProbe")]
internal sealed class SyncProbe(ElementContext context) : DisposalProbe(context), IDisposable
{
    public void Dispose() => Log.Add($"dispose:{Name}");
}
