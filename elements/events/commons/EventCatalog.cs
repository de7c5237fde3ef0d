using System.Runtime.CompilerServices;
using Elements.Scheduling;

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
        // Instances, and events with Inner code (their own class makes them derived Types): the same rule that picks
        // the tasks the scheduler runs. The library's event Types subscribe to nothing.
        foreach (var definition in SchedulableElements.Find<EventElement>(_app))
        {
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
