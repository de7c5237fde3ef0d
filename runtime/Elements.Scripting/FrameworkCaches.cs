using System.Reflection;
using System.Reflection.Metadata;
using System.Text.Json;

namespace Elements.Scripting;

/// <summary>
/// Drops what System.Text.Json caches process-wide about the types it has seen (its reflection-emit accessors), which
/// would otherwise keep unloaded element code alive (dotnet/runtime#65323). It uses the library's own hot reload hook,
/// the <see cref="MetadataUpdateHandlerAttribute"/> handler's <c>ClearCache</c>, as <c>dotnet watch</c> does after an edit.
/// </summary>
internal static class FrameworkCaches
{
    private static readonly Action<Type[]?>? ClearJson = FindClearCache(typeof(JsonSerializer).Assembly);

    public static void Clear() => ClearJson?.Invoke(null);

    private static Action<Type[]?>? FindClearCache(Assembly assembly)
    {
        foreach (var handler in assembly.GetCustomAttributes<MetadataUpdateHandlerAttribute>())
        {
            var method = handler.HandlerType.GetMethod("ClearCache", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic,
                [typeof(Type[])]);
            if (method is not null)
            {
                return method.CreateDelegate<Action<Type[]?>>();
            }
        }

        // A later System.Text.Json without the hook: unloading then waits for its own cache expiry.
        return null;
    }
}
