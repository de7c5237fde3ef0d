using System.Text.Json.Nodes;
using Elements.Std.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Benchmarks;

/// <summary>
/// A temp app with one SQLite database element (a file under the app's appData/) and one model,
/// <c>models.BenchRow</c>, holding <see cref="Rows"/> rows. Deleted on dispose.
/// </summary>
public sealed class DataApp : IDisposable
{
    public const int Rows = 1_000;
    public const string ModelName = "models.BenchRow";
    public const string Table = "models_BenchRow";
    public const string OrderModelName = "models.BenchOrder";
    public const string OrderTable = "models_BenchOrder";

    private readonly string _container;

    private DataApp(string container, ElementApp app, ModelElement model, ModelElement orders)
    {
        _container = container;
        App = app;
        Model = model;
        Orders = orders;
    }

    public ElementApp App { get; }

    public ModelElement Model { get; }

    /// <summary><c>models.BenchOrder</c>: one order per row, its <c>person</c> a RelateData to <c>models.BenchRow</c>.</summary>
    public ModelElement Orders { get; }

    public static async Task<DataApp> CreateAsync()
    {
        var container = BenchFolder.CreateContainer();
        var root = Path.Combine(container, "App");
        BenchFolder.Write(root, "app.json", """{ "appId": "bench.Data", "title": "Data benchmark app" }""");
        BenchFolder.Write(root, "databases/BenchDb/e.json", """{ "title": "Benchmark database", "type": "databases.SqliteType", "path": "appData/bench.db" }""");
        BenchFolder.Write(root, "models/BenchRow/e.json", """
            {
              "title": "Benchmark rows",
              "type": "models.NormalType",
              "db": "databases.BenchDb",
              "fields": [
                { "name": "id", "title": "ID", "dataType": "AutoInt", "primaryKey": true },
                { "name": "name", "title": "Name", "dataType": "Stext", "maxLen": 64 },
                { "name": "email", "title": "Email", "dataType": "Stext", "unique": true },
                { "name": "age", "title": "Age", "dataType": "Integer", "dbIndex": true },
                { "name": "score", "title": "Score", "dataType": "Numeric", "decimal": 2 },
                { "name": "active", "title": "Active", "dataType": "Checkbox" },
                { "name": "createdAt", "title": "Created at", "dataType": "Datetime" }
              ]
            }
            """);

        BenchFolder.Write(root, "models/BenchOrder/e.json", """
            {
              "title": "Benchmark orders",
              "type": "models.NormalType",
              "db": "databases.BenchDb",
              "fields": [
                { "name": "id", "title": "ID", "dataType": "AutoInt", "primaryKey": true },
                { "name": "item", "title": "Item", "dataType": "Stext", "maxLen": 64 },
                { "name": "qty", "title": "Quantity", "dataType": "Integer" },
                { "name": "person", "title": "Person", "dataType": "RelateData", "generic": "models.BenchRow" }
              ]
            }
            """);

        var app = ElementApp.Load(root, b => b.AddStdElements());
        var model = app.GetElement<ModelElement>(ModelName);
        var rows = new JsonArray();
        for (var i = 1; i <= Rows; i++)
        {
            rows.Add(new JsonObject
            {
                ["name"] = $"user {i}",
                ["email"] = $"user{i}@example.com",
                ["age"] = 18 + i % 60,
                ["score"] = i % 100 + 0.25,
                ["active"] = i % 3 != 0,
                ["createdAt"] = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(i).ToString("O"),
            });
        }

        await model.CreateOrUpdateManyAsync(rows).ConfigureAwait(false);
        var orders = app.GetElement<ModelElement>(OrderModelName);
        var orderRows = new JsonArray();
        for (var i = 1; i <= Rows; i++)
        {
            orderRows.Add(new JsonObject { ["item"] = $"item {i % 7}", ["qty"] = i % 5 + 1, ["person"] = i });
        }

        await orders.CreateOrUpdateManyAsync(orderRows).ConfigureAwait(false);
        return new DataApp(container, app, model, orders);
    }

    public void Dispose()
    {
        App.Dispose();
        BenchFolder.Delete(_container);
    }
}
