using System.Reflection;
using Elements.Diagnostics;

namespace Elements.Scripting;

/// <summary>
/// Compiles the <c>.cs</c> files of an app's element folders (derived Types, services' functions, <c>commons</c>)
/// with Roslyn into one assembly per app, loaded into a collectible <see cref="System.Runtime.Loader.AssemblyLoadContext"/>.
/// The assembly is cached by the SHA-256 of the files' paths and contents, in the process and on disk under the app's
/// <c>.elements/cache</c>, so an unchanged app does not recompile.
/// <para>
/// This is the one-shot API: the assembly stays loaded for the life of the process. The runtime loads and hot-reloads
/// an app's code through <see cref="ElementCodeCompiler"/> instead (<c>AddCompiledElementCode()</c>), which unloads
/// code a retired generation no longer needs.
/// </para>
/// </summary>
public static class ElementCompiler
{
    public const string CacheFolder = ".elements/cache";

    /// <summary>Null when the app has no <c>.cs</c> file. Compile errors are thrown as an <see cref="ElementLoadException"/>
    /// whose diagnostics read <c>path(line,col): error EL0015: CSnnnn: message</c>.</summary>
    public static ElementCompilation? Compile(string appRoot, IEnumerable<Assembly>? references = null)
    {
        if (ElementSources.Read(appRoot) is not { } sources)
        {
            return null;
        }

        var (entry, errors, fromCache) = CompiledAssemblies.Acquire(sources, references, pin: true);
        if (entry is null)
        {
            throw new ElementLoadException([.. errors.Select(e =>
                new ElementDiagnostic(DiagnosticCodes.CompileError, sources.Relative(e.File), e.Line, e.Column, $"{e.Id}: {e.Message}"))]);
        }

        return new ElementCompilation(entry.Assembly, sources.Hash, fromCache, sources.Files.Count);
    }
}
