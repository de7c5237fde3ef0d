using System.Reflection;
using System.Text.Json.Nodes;
using Elements.Hosting;

namespace Elements.Loading;

/// <summary>Everything a registry build depends on, so a rebuild is a pure function of it plus the files.</summary>
internal sealed record LoadRequest(
    string AppPath,
    IReadOnlyList<string> LibraryRoots,
    IReadOnlyList<Assembly> Assemblies,
    IReadOnlyDictionary<string, JsonObject> Overrides,
    Func<string, string?> Environment,
    IElementCodeCompiler? CodeCompiler = null,
    IProgress<LoadProgress>? Progress = null);
