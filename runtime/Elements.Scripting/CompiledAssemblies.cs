using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Elements.Hosting;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Elements.Scripting;

/// <summary>
/// The process-wide store of compiled element code: one collectible <see cref="AssemblyLoadContext"/> per source hash,
/// shared by every load that sees the same sources and unloaded when the last of them lets go. Compiled images are
/// also kept on disk under the app's <c>.elements/cache</c>, so a new process skips Roslyn for an unchanged app.
/// </summary>
internal static class CompiledAssemblies
{
    // One gate for the whole store: compiling under it keeps two loads of one app from compiling it twice, and loads
    // that compile are rare (start-up, an edit).
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, Entry> Loaded = new(StringComparer.Ordinal);

    /// <summary>Compiles or reuses the code of <paramref name="sources"/> and takes a reference on it (or pins it for the
    /// life of the process). Errors come back instead of an entry.</summary>
    public static (Entry? Entry, IReadOnlyList<ElementCodeError> Errors, bool FromCache) Acquire(ElementSources sources,
        IEnumerable<Assembly>? references, bool pin)
    {
        lock (Gate)
        {
            var fromCache = true;
            if (!Loaded.TryGetValue(sources.Hash, out var entry))
            {
                var cachePath = Path.Combine(sources.Root, ElementCompiler.CacheFolder, sources.Hash + ".dll");
                var image = ReadCached(cachePath);
                if (image is null)
                {
                    fromCache = false;
                    var (compiled, errors) = Compile(sources, references);
                    if (compiled is null)
                    {
                        return (null, errors, false);
                    }

                    image = compiled;
                    WriteCached(cachePath, image);
                }

                entry = Load(sources.Hash, image);
                Loaded.Add(sources.Hash, entry);
            }

            if (pin)
            {
                entry.Pinned = true;
            }
            else
            {
                entry.References++;
            }

            return (entry, [], fromCache);
        }
    }

    public static void Release(Entry entry)
    {
        lock (Gate)
        {
            if (--entry.References > 0 || entry.Pinned)
            {
                return;
            }

            Loaded.Remove(entry.Hash);
        }

        // Starts the unload; the context goes once nothing references its types any more (the generation's objects
        // are disposed by now, the runtime's caches hold types weakly, and the JSON serializer's are cleared here).
        FrameworkCaches.Clear();
        entry.Context.Unload();
    }

    private static Entry Load(string hash, byte[] image)
    {
        var context = new AssemblyLoadContext("elements-app-" + hash[..16], isCollectible: true);
        return new Entry(hash, context.LoadFromStream(new MemoryStream(image)), context);
    }

    private static byte[]? ReadCached(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllBytes(path) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void WriteCached(string path, byte[] image)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // Written aside and moved, so a concurrent process never reads half an image.
            var temporary = path + "." + Guid.NewGuid().ToString("n") + ".tmp";
            File.WriteAllBytes(temporary, image);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A read-only app folder only loses the disk cache.
        }
    }

    private static (byte[]? Image, IReadOnlyList<ElementCodeError> Errors) Compile(ElementSources sources, IEnumerable<Assembly>? references)
    {
        var trees = sources.Files.Select(f => CSharpSyntaxTree.ParseText(f.Text, CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest),
            path: f.Path, encoding: Encoding.UTF8)).ToList();
        var compilation = CSharpCompilation.Create($"Elements.App.{sources.Hash[..16]}", trees, References(references),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
                optimizationLevel: OptimizationLevel.Debug));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        if (emitted.Success)
        {
            return (image.ToArray(), []);
        }

        return (null, [.. emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)
            .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start)
            .Select(d =>
            {
                var span = d.Location.GetLineSpan();
                return new ElementCodeError(span.Path is { Length: > 0 } path ? path : sources.Root, span.StartLinePosition.Line + 1,
                    span.StartLinePosition.Character + 1, d.Id, d.GetMessage(CultureInfo.InvariantCulture));
            })]);
    }

    private static List<MetadataReference> References(IEnumerable<Assembly>? extra)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string platform)
        {
            paths.UnionWith(platform.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        }

        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies().Concat(extra ?? []).Append(typeof(ElementApp).Assembly))
        {
            // Other apps' compiled code (loaded from memory) has no location and is not referenced.
            if (!assembly.IsDynamic && assembly.Location is { Length: > 0 } location)
            {
                paths.Add(location);
            }
        }

        return [.. paths.Where(File.Exists).Select(p => MetadataReference.CreateFromFile(p))];
    }

    internal sealed class Entry(string hash, Assembly assembly, AssemblyLoadContext context)
    {
        public string Hash { get; } = hash;

        public Assembly Assembly { get; } = assembly;

        public AssemblyLoadContext Context { get; } = context;

        /// <summary>Leases held by loaded generations (guarded by the store's gate).</summary>
        public int References { get; set; }

        /// <summary>Taken by <see cref="ElementCompiler.Compile"/>, whose callers hold the assembly for the process's life.</summary>
        public bool Pinned { get; set; }
    }
}
