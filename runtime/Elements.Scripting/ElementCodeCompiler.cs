using System.Reflection;
using Elements.Hosting;

namespace Elements.Scripting;

/// <summary>
/// The Roslyn <see cref="IElementCodeCompiler"/> (register it with <c>AddCompiledElementCode()</c>): on every load and
/// hot reload the runtime asks it for each app root's code. Unchanged sources are a cache hit (the assembly already
/// loaded in this process, or the image under <c>.elements/cache</c>); each generation holds a lease on its assembly,
/// and an assembly no generation holds any more is unloaded (its collectible context goes once the last object of
/// it is gone).
/// </summary>
public sealed class ElementCodeCompiler : IElementCodeCompiler
{
    private int _compilations;
    private int _cacheHits;

    /// <summary>How many times this compiler ran Roslyn (successfully or not).</summary>
    public int Compilations => Volatile.Read(ref _compilations);

    /// <summary>How many times it answered from the in-process or on-disk cache.</summary>
    public int CacheHits => Volatile.Read(ref _cacheHits);

    public ElementCode? Compile(string appRoot, IReadOnlyList<Assembly> references)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appRoot);
        if (ElementSources.Read(appRoot) is not { } sources)
        {
            return null;
        }

        var (entry, errors, fromCache) = CompiledAssemblies.Acquire(sources, references, pin: false);
        Interlocked.Increment(ref fromCache ? ref _cacheHits : ref _compilations);
        return entry is null
            ? ElementCode.Failed(errors)
            : ElementCode.Compiled(entry.Assembly, fromCache, () => CompiledAssemblies.Release(entry));
    }
}
