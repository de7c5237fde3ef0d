using System.Text.Json.Nodes;
using Elements.Data.Aggregation;
using Elements.Data.Errors;
using Elements.Data.Schema;
using Elements.Data.Storage;
using Elements.Data.Tests.Support;

namespace Elements.Data.Tests.Filters;

/// <summary>
/// groupBy entries, aggregate names and aggregate-model TQL arrive from callers and app files: no input may escape the
/// data layer's error types, reach the SQL as text or change the table.
/// </summary>
public sealed class AggregationFuzzTests : IAsyncLifetime
{
    private readonly SqliteProvider _provider = new();
    private Database _db = null!;
    private ModelStore _people = null!;

    public async Task InitializeAsync()
    {
        _db = await _provider.CreateAsync();
        _people = new ModelStore(_db, ModelSchema.Parse("""
            {"table": "people", "fields": [{"name": "name", "dataType": "Stext"}, {"name": "age", "dataType": "Integer"},
              {"name": "joinedAt", "dataType": "Datetime"}]}
            """));
        await _people.SyncSchemaAsync();
        await _people.CreateAsync(new JsonObject { ["name"] = "Ann", ["age"] = 30 });
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await _provider.CleanupAsync();
    }

    [Fact]
    public async Task Hostile_group_entries_and_aggregate_names_are_data_errors_that_change_nothing()
    {
        var corpus = HostileStrings.Fixed.Concat(HostileStrings.Generate(1_500, 20261206)).ToList();
        var (accepted, refused) = (0, 0);
        foreach (var text in corpus)
        {
            foreach (var args in new[]
            {
                new JsonObject { ["filter"] = "", ["fieldList"] = new JsonArray(text, "COUNT(*) as n") },
                new JsonObject { ["filter"] = "", ["fieldList"] = new JsonArray("name", $"SUM({text}) as total") },
                new JsonObject { ["filter"] = "", ["fieldList"] = new JsonArray($"name as {text}") },
                new JsonObject { ["filter"] = "", ["fieldList"] = new JsonArray("name"), ["orderList"] = new JsonArray(new JsonArray(text, 1)) },
            })
            {
                try
                {
                    await ModelFunctions.InvokeAsync(_people, "groupBy", args);
                    accepted++;
                }
                catch (DataException)
                {
                    refused++;
                }
            }

            try
            {
                await ModelFunctions.InvokeAsync(_people, "aggregate", new JsonObject { ["filter"] = "", ["aggrField"] = "age", ["aggrType"] = text });
                accepted++;
            }
            catch (DataException)
            {
                refused++;
            }

            try
            {
                AggregateDefinition.FromTql($"Select([F('{text}'), F(Formula(\"SUM({text})\"), 'x')], From(['models.People']), GroupBy('{text}'))");
                AggregateDefinition.FromTql(text);
                accepted++;
            }
            catch (SchemaException)
            {
                refused++;
            }
        }

        Assert.True(refused > corpus.Count, $"{refused} refused, {accepted} accepted");
        Assert.Equal("""[{"name":"Ann","n":1}]""", (await _people.GroupByAsync(null, [GroupByItem.Parse("name"), GroupByItem.Parse("COUNT(*) as n")])).RowDatas.ToJsonString());
    }
}
