using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Elements.Invocation;

/// <summary>
/// Maps a declared function name to the implementing method: <c>getLoginCode</c> → <c>GetLoginCode</c> or
/// <c>GetLoginCodeAsync</c> (case-insensitive, public instance methods, the synchronous name preferred).
/// </summary>
internal static class FunctionResolver
{
    // Keyed weakly by type: compiled element code is collectible, and a strong key would keep it loaded.
    private static readonly ConditionalWeakTable<Type, ConcurrentDictionary<string, MethodInfo?>> Cache = new();

    public static MethodInfo? Find(Type type, string functionName) => Cache.GetValue(type, static _ => new(StringComparer.Ordinal))
        .GetOrAdd(functionName, static (name, type) =>
    {
        var pascal = char.ToUpperInvariant(name[0]) + name[1..];
        var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => !m.IsSpecialName && !m.IsGenericMethodDefinition && m.DeclaringType != typeof(object))
            .ToList();
        return methods.Where(m => string.Equals(m.Name, pascal, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(m => m.GetParameters().Length).FirstOrDefault()
            ?? methods.Where(m => string.Equals(m.Name, pascal + "Async", StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(m => m.GetParameters().Length).FirstOrDefault();
    }, type);

    public static string ExpectedNames(string functionName)
    {
        var pascal = char.ToUpperInvariant(functionName[0]) + functionName[1..];
        return $"{pascal} or {pascal}Async";
    }
}
