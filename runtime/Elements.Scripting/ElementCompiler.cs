using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using System.Security.Cryptography;
using System.Text;
using Elements.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Elements.Scripting;

/// <summary>The assembly compiled from an app's <c>.cs</c> files, and whether it came from the cache.</summary>
public sealed record ElementCompilation(Assembly Assembly, string Hash, bool FromCache, int FileCount);

/// <summary>
/// Compiles the <c>.cs</c> files of an app's element folders (derived Types, services' functions, <c>commons</c>)
/// with Roslyn into one assembly per app, loaded into a collectible <see cref="AssemblyLoadContext"/>. The assembly is
/// cached by the SHA-256 of the files' paths and contents, in the process and on disk under the app's
/// <c>.elements/cache</c>, so an unchanged app does not recompile. Compile errors are thrown as an
/// <see cref="ElementLoadException"/> whose diagnostics read <c>path(line,col): error CSnnnn: message</c>.
/// </summary>
public static class ElementCompiler
{
    public const string CacheFolder = ".elements/cache";

    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal) { "bin", "obj", "appData" };
    private static readonly ConcurrentDictionary<string, Assembly> Loaded = new(StringComparer.Ordinal);

    /// <summary>Null when the app has no <c>.cs</c> file.</summary>
    public static ElementCompilation? Compile(string appRoot, IEnumerable<Assembly>? references = null)
    {
        var root = Path.GetFullPath(appRoot);
        var files = FindSources(root);
        if (files.Count == 0)
        {
            return null;
        }

        var sources = files.Select(f => (Relative: Path.GetRelativePath(root, f).Replace('\\', '/'), Text: File.ReadAllText(f))).ToList();
        var hash = Hash(sources);
        if (Loaded.TryGetValue(hash, out var cached))
        {
            return new ElementCompilation(cached, hash, true, files.Count);
        }

        var cachePath = Path.Combine(root, CacheFolder, hash + ".dll");
        if (File.Exists(cachePath))
        {
            var fromDisk = Loaded.GetOrAdd(hash, _ => Load(hash, File.ReadAllBytes(cachePath)));
            return new ElementCompilation(fromDisk, hash, true, files.Count);
        }

        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest),
            path: s.Relative, encoding: Encoding.UTF8)).ToList();
        var compilation = CSharpCompilation.Create($"Elements.App.{hash[..16]}", trees, References(references),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
                optimizationLevel: OptimizationLevel.Debug));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        if (!emitted.Success)
        {
            throw new ElementLoadException([.. emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)
                .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start)
                .Select(d =>
                {
                    var span = d.Location.GetLineSpan();
                    return new ElementDiagnostic(d.Id, span.Path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1,
                        d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
                })]);
        }

        var bytes = image.ToArray();
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(cachePath)!);
            File.WriteAllBytes(cachePath, bytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A read-only app folder only loses the disk cache.
        }

        return new ElementCompilation(Loaded.GetOrAdd(hash, _ => Load(hash, bytes)), hash, false, files.Count);
    }

    private static Assembly Load(string hash, byte[] bytes)
    {
        var context = new AssemblyLoadContext("elements-app-" + hash[..16], isCollectible: true);
        return context.LoadFromStream(new MemoryStream(bytes));
    }

    /// <summary>
    /// The <c>.cs</c> files in element folders (a folder with an <c>e.json</c>, and below it) and in <c>commons</c>
    /// folders. An app folder holding a <c>*.csproj</c> is built by MSBuild instead (the sample app, the std library):
    /// nothing of it is compiled here.
    /// </summary>
    private static List<string> FindSources(string root)
    {
        var found = new List<string>();
        if (Directory.EnumerateFiles(root, "*.csproj").Any())
        {
            return found;
        }

        var pending = new Stack<(string Folder, bool Included)>([(root, false)]);
        while (pending.Count > 0)
        {
            var (folder, included) = pending.Pop();
            included |= File.Exists(Path.Combine(folder, "e.json")) || Path.GetFileName(folder) == "commons";
            if (included)
            {
                found.AddRange(Directory.EnumerateFiles(folder, "*.cs"));
            }

            foreach (var sub in Directory.EnumerateDirectories(folder))
            {
                var name = Path.GetFileName(sub);
                if (!name.StartsWith('.') && !SkippedFolders.Contains(name) && !File.Exists(Path.Combine(sub, "app.json")))
                {
                    pending.Push((sub, included));
                }
            }
        }

        found.Sort(StringComparer.Ordinal);
        return found;
    }

    private static string Hash(List<(string Relative, string Text)> sources)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // The runtime's identity is part of the key: a new runtime build recompiles.
        sha.AppendData(Encoding.UTF8.GetBytes(typeof(ElementApp).Assembly.ManifestModule.ModuleVersionId.ToString()));
        foreach (var (relative, text) in sources)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(relative + "\0" + text + "\0"));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
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
            if (!assembly.IsDynamic && assembly.Location is { Length: > 0 } location)
            {
                paths.Add(location);
            }
        }

        return [.. paths.Where(File.Exists).Select(p => MetadataReference.CreateFromFile(p))];
    }
}
