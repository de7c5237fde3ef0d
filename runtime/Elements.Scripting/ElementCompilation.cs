using System.Reflection;

namespace Elements.Scripting;

/// <summary>The assembly compiled from an app's <c>.cs</c> files, and whether it came from the cache.</summary>
public sealed record ElementCompilation(Assembly Assembly, string Hash, bool FromCache, int FileCount);
