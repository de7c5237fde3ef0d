using System.Reflection;
using System.Runtime.CompilerServices;

namespace Elements.Activation;

/// <summary>
/// The classes marked with <see cref="ElementTypeAttribute"/> in the registered assemblies, by element full name.
/// Reflection over an assembly happens once per process; reloads reuse it. The cache is keyed weakly: compiled element
/// code lives in collectible assemblies, which a strong key would keep loaded for good.
/// </summary>
internal sealed class ElementTypeCatalog
{
    private static readonly ConditionalWeakTable<Assembly, IReadOnlyList<(Type Type, ElementTypeAttribute Attribute)>> ByAssembly = new();

    private ElementTypeCatalog(Dictionary<string, ElementImplementation> types, List<(string FullName, Type First, Type Second)> duplicates)
    {
        Types = types;
        Duplicates = duplicates;
    }

    public IReadOnlyDictionary<string, ElementImplementation> Types { get; }

    public IReadOnlyList<(string FullName, Type First, Type Second)> Duplicates { get; }

    public static ElementTypeCatalog Create(IEnumerable<Assembly> assemblies)
    {
        var types = new Dictionary<string, ElementImplementation>(StringComparer.Ordinal);
        var duplicates = new List<(string, Type, Type)>();
        foreach (var assembly in assemblies.Distinct())
        {
            foreach (var (type, attribute) in ByAssembly.GetValue(assembly, Discover))
            {
                if (types.TryGetValue(attribute.FullName, out var existing))
                {
                    duplicates.Add((attribute.FullName, existing.Type, type));
                    continue;
                }

                types.Add(attribute.FullName, new ElementImplementation(type, attribute.ConfigType, attribute.CodeBehindInstances));
            }
        }

        return new ElementTypeCatalog(types, duplicates);
    }

    private static IReadOnlyList<(Type, ElementTypeAttribute)> Discover(Assembly assembly)
    {
        Type?[] candidates;
        try
        {
            candidates = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            // Types whose dependencies are missing cannot be elements anyway; keep the ones that loaded.
            candidates = ex.Types;
        }

        return [.. candidates
            .Where(t => t is { IsClass: true, IsAbstract: false })
            .Select(t => (Type: t!, Attribute: t!.GetCustomAttribute<ElementTypeAttribute>()))
            .Where(t => t.Attribute is not null)
            .OrderBy(t => t.Type.FullName, StringComparer.Ordinal)
            .Select(t => (t.Type, t.Attribute!))];
    }
}
