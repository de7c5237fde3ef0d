using Elements.Std.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Benchmarks;

/// <summary>
/// A temp app for <see cref="EventBenchmarks"/>: three models of the same shape on one SQLite file, <c>models.Plain</c>
/// (no event), <c>models.Outboxed</c> (an async AddAfter event) and <c>models.Watched</c> (a sync AddAfter event), the
/// handler being <see cref="BenchAuditElement"/>.
/// </summary>
public sealed class EventApp : IDisposable
{
    private readonly string _container;

    private EventApp(string container, ElementApp app)
    {
        _container = container;
        App = app;
        Plain = app.GetElement<ModelElement>("models.Plain");
        Outboxed = app.GetElement<ModelElement>("models.Outboxed");
        Watched = app.GetElement<ModelElement>("models.Watched");
    }

    public ElementApp App { get; }

    public ModelElement Plain { get; }

    public ModelElement Outboxed { get; }

    public ModelElement Watched { get; }

    public static async Task<EventApp> CreateAsync()
    {
        var container = BenchFolder.CreateContainer();
        var root = Path.Combine(container, "App");
        BenchFolder.Write(root, "app.json", """{ "appId": "bench.Events", "title": "Event benchmark app" }""");
        foreach (var model in new[] { "Plain", "Outboxed", "Watched" })
        {
            BenchFolder.Write(root, $"models/{model}/e.json", $$"""
                {"title": "{{model}}", "type": "models.NormalType", "fields": [
                  { "name": "id", "title": "ID", "dataType": "AutoInt", "primaryKey": true },
                  { "name": "name", "title": "Name", "dataType": "Stext" },
                  { "name": "qty", "title": "Quantity", "dataType": "Integer" }]}
                """);
        }

        BenchFolder.Write(root, "services/BenchAudit/e.json", """
            {"title": "Audit", "type": "services.NormalType", "functionList": [
              {"name": "record", "args": [{"name": "eventOutData", "dataType": "JitDict"}], "returnType": "Integer"}]}
            """);
        BenchFolder.Write(root, "events/OutboxedAdded/e.json", """
            {"title": "Outboxed added", "type": "events.ModelType", "sender": "models.Outboxed", "operate": "AddAfter",
             "func": "services.BenchAudit.record", "asyncType": true}
            """);
        BenchFolder.Write(root, "events/WatchedAdded/e.json", """
            {"title": "Watched added", "type": "events.ModelType", "sender": "models.Watched", "operate": "AddAfter",
             "func": "services.BenchAudit.record"}
            """);

        var app = ElementApp.Load(root, b => b.AddStdElements().AddElementTypesFrom(typeof(EventApp).Assembly));
        var result = new EventApp(container, app);
        foreach (var model in new[] { result.Plain, result.Outboxed, result.Watched })
        {
            await model.SyncSchemaAsync().ConfigureAwait(false);
        }

        return result;
    }

    public void Dispose()
    {
        App.Dispose();
        BenchFolder.Delete(_container);
    }
}
