using Elements.Definitions;

namespace Elements.Scheduling;

/// <summary>
/// The elements of an app that stand for one business use of a contract (a task, a holiday calendar, an event): its
/// Instances, and the elements that bring their own class onto a Type (a task or event with Inner code, a service with
/// its class) while nothing instantiates them. Never the library's Types that implement the contract for others
/// (<c>tasks.NormalType</c>): activating those would mean running a task nobody configured.
/// </summary>
public static class SchedulableElements
{
    public static IReadOnlyList<ElementDefinition> Find<TContract>(ElementApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var instantiated = app.Elements.Where(d => d.Layer == ElementLayer.Instance).Select(d => d.Type).ToHashSet(StringComparer.Ordinal);
        return [.. app.Elements
            .Where(d => d.ImplementationType is { } type && typeof(TContract).IsAssignableFrom(type) && d.InheritedFrom is null)
            .Where(d => d.Layer == ElementLayer.Instance || (d.Layer == ElementLayer.Type && !instantiated.Contains(d.FullName) && BringsOwnClass(app, d)))
            .OrderBy(d => d.FullName, StringComparer.Ordinal)];
    }

    // A class of its own put onto a Type (whose own class, if any, is another); a library Type sits directly on its Meta.
    private static bool BringsOwnClass(ElementApp app, ElementDefinition definition) =>
        app.TryGetElementDefine(definition.Type, out var parent)
        && parent.Layer == ElementLayer.Type
        && parent.ImplementationType != definition.ImplementationType;
}
