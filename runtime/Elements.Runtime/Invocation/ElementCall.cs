using System.Text.Json.Nodes;
using Elements.Definitions;
using Elements.Loading;
using Elements.Security;

namespace Elements.Invocation;

/// <summary>
/// One element function resolved on one registry snapshot (<see cref="ElementInvoker.Prepare"/>). The snapshot is
/// leased until disposal, so what a permission check looked at (<see cref="Element"/>, <see cref="Function"/>) is what
/// <see cref="InvokeAsync"/> runs, whatever hot reload does meanwhile.
/// </summary>
public sealed class ElementCall : IDisposable
{
    private readonly ElementInvoker _invoker;
    private readonly ElementRegistry _registry;
    private int _disposed;

    internal ElementCall(ElementInvoker invoker, ElementRegistry registry, ElementDefinition element, FunctionDefinition function)
    {
        _invoker = invoker;
        _registry = registry;
        Element = element;
        Function = function;
    }

    public ElementDefinition Element { get; }

    public FunctionDefinition Function { get; }

    /// <summary>Runs the function for <paramref name="caller"/> (null: a trusted in-process call).</summary>
    public Task<JsonNode?> InvokeAsync(JsonObject? args, ElementCaller? caller, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _invoker.InvokeAsync(_registry, Element, Function, args, caller, cancellationToken);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _registry.Lifetime.ReleaseLease();
        }
    }

    public override string ToString() => $"{Element.FullName}.{Function.Name}";
}
