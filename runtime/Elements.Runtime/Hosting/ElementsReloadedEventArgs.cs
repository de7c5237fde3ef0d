using Elements.Diagnostics;

namespace Elements.Hosting;

/// <summary>The outcome of a hot reload: on failure the previous registry stays in service.</summary>
public sealed class ElementsReloadedEventArgs(bool succeeded, long generation, IReadOnlyList<ElementDiagnostic> diagnostics) : EventArgs
{
    public bool Succeeded { get; } = succeeded;

    /// <summary><see cref="ElementApp.Generation"/> after the attempt (unchanged when it failed).</summary>
    public long Generation { get; } = generation;

    public IReadOnlyList<ElementDiagnostic> Diagnostics { get; } = diagnostics;
}
