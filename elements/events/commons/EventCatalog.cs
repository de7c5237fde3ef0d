using System.Runtime.CompilerServices;
using Elements.Definitions;

namespace Elements.Std.Events;

/// <summary>
/// The enabled events of an app, by model and by custom sender, in full-name order. Built at the first lookup of a
/// registry generation, so a hot reload that adds, changes or disables an event is picked up by the next write.
/// </summary>
internal sealed class EventCatalog
{
    private static readonly ConditionalWeakTable<ElementApp, EventCatalog> Catalogs = [];

    private readonly ElementApp _app;
    private Snapshot? _snapshot;

    private EventCatalog(ElementApp app) => _app = app;

    public Snapshot Current
    {
        get
        {
            var generation = _app.Generation;
            var snapshot = Volatile.Read(ref _snapshot);
            if (snapshot is null || snapshot.Generation != generation)
            {
                snapshot = Build(generation);
                Volatile.Write(ref _snapshot, snapshot);
            }

            return snapshot;
        }
    }

    public static EventCatalog For(ElementApp app) => Catalogs.GetValue(app, static a => new EventCatalog(a));

    private Snapshot Build(long generation)
    {
        var models = new Dictionary<string, List<ModelEventElement>>(StringComparer.Ordinal);
        var custom = new Dictionary<string, List<CustomEventElement>>(StringComparer.Ordinal);
        var byName = new Dictionary<string, EventElement>(StringComparer.Ordinal);
        foreach (var definition in _app.Elements)
        {
            // A Type with a sender is an Inner event (its own class makes it a derived Type); Types without one
            // (events.ModelType itself, an app's own event Types) subscribe to nothing.
            if (definition.Layer == ElementLayer.Meta || definition.ImplementationType is not { IsAbstract: false } type
                || !typeof(EventElement).IsAssignableFrom(type) || definition.Config["sender"] is null)
            {
                continue;
            }

            var element = (EventElement)_app.GetElement(definition.FullName);
            if (element.Enable != 1)
            {
                continue;
            }

            byName[element.Name] = element;
            switch (element)
            {
                case ModelEventElement model:
                    Add(models, model.Sender, model);
                    break;
                case CustomEventElement subscriber:
                    Add(custom, subscriber.Sender, subscriber);
                    break;
            }
        }

        return new Snapshot(generation, models.ToDictionary(p => p.Key, p => (IReadOnlyList<ModelEventElement>)p.Value, StringComparer.Ordinal),
            custom.ToDictionary(p => p.Key, p => (IReadOnlyList<CustomEventElement>)p.Value, StringComparer.Ordinal), byName);
    }

    private static void Add<T>(Dictionary<string, List<T>> map, string key, T value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(value);
    }

    public sealed record Snapshot(
        long Generation,
        IReadOnlyDictionary<string, IReadOnlyList<ModelEventElement>> ModelEvents,
        IReadOnlyDictionary<string, IReadOnlyList<CustomEventElement>> CustomEvents,
        IReadOnlyDictionary<string, EventElement> ByName);
}
