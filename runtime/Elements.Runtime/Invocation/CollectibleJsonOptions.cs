using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Elements.Invocation;

/// <summary>
/// Hands out JSON options for a type: the shared ones for ordinary types, and for types of collectible assemblies
/// (compiled element code) a private copy held only as long as the type lives. Shared options cache the metadata of
/// every type they ever saw, which would keep an unloaded app's code in memory for good.
/// </summary>
internal sealed class CollectibleJsonOptions(JsonSerializerOptions shared)
{
    private readonly ConditionalWeakTable<Type, JsonSerializerOptions> _byType = new();

    public JsonSerializerOptions For(Type type) => !type.IsCollectible ? shared : _byType.GetValue(type, _ => new JsonSerializerOptions(shared)
    {
        // A resolver of its own: options with equal settings otherwise share one metadata cache across instances.
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    });
}
