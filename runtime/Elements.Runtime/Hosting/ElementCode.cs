using System.Reflection;

namespace Elements.Hosting;

/// <summary>
/// What <see cref="IElementCodeCompiler"/> made of one app root: the assembly (a lease on it, released by
/// <see cref="Dispose"/>) or the compile errors.
/// </summary>
public sealed class ElementCode : IDisposable
{
    private Action? _release;

    private ElementCode(Assembly? assembly, IReadOnlyList<ElementCodeError> errors, bool fromCache, Action? release)
    {
        Assembly = assembly;
        Errors = errors;
        FromCache = fromCache;
        _release = release;
    }

    /// <summary>Null when the code did not compile.</summary>
    public Assembly? Assembly { get; }

    public IReadOnlyList<ElementCodeError> Errors { get; }

    /// <summary>True when the assembly was not compiled for this call (in-process or on-disk cache).</summary>
    public bool FromCache { get; }

    /// <param name="release">Called once, by the first <see cref="Dispose"/>.</param>
    public static ElementCode Compiled(Assembly assembly, bool fromCache, Action? release = null)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return new ElementCode(assembly, [], fromCache, release);
    }

    public static ElementCode Failed(IReadOnlyList<ElementCodeError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("a failed compilation has at least one error", nameof(errors));
        }

        return new ElementCode(null, errors, false, null);
    }

    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
}
