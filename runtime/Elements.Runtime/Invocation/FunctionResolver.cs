using System.Collections.Concurrent;
using System.Reflection;

namespace Elements.Invocation;

/// <summary>
/// Maps a declared function name to the implementing method: <c>getLoginCode</c> → <c>GetLoginCode</c> or
/// <c>GetLoginCodeAsync</c> (case-insensitive, public instance methods, the synchronous name preferred).
/// </summary>
internal static class FunctionResolver
{
    private static readonly ConcurrentDictionary<(Type, string), MethodInfo?> Cache = new();

    public static MethodInfo? Find(Type type, string functionName) => Cache.GetOrAdd((type, functionName), static key =>
    {
        var (type, name) = key;
        var pascal = char.ToUpperInvariant(name[0]) + name[1..];
        var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => !m.IsSpecialName && !m.IsGenericMethodDefinition && m.DeclaringType != typeof(object))
            .ToList();
        return methods.Where(m => string.Equals(m.Name, pascal, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(m => m.GetParameters().Length).FirstOrDefault()
            ?? methods.Where(m => string.Equals(m.Name, pascal + "Async", StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(m => m.GetParameters().Length).FirstOrDefault();
    });

    public static string ExpectedNames(string functionName)
    {
        var pascal = char.ToUpperInvariant(functionName[0]) + functionName[1..];
        return $"{pascal} or {pascal}Async";
    }
}
