using Elements.Definitions;

namespace Elements.Std.Models;

/// <summary>Schema sync of every model of an app (what <c>elements db sync --app DIR</c> runs).</summary>
public static class ModelSync
{
    /// <summary>The model instances the app can see (its own and those of the apps it extends), by full name.</summary>
    public static IReadOnlyList<ElementDefinition> FindModels(ElementApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return [.. app.Elements.Where(d => d.Layer == ElementLayer.Instance
            && d.ImplementationType is { } type && typeof(ModelElement).IsAssignableFrom(type))];
    }

    /// <summary>
    /// Syncs each model in turn and reports per model; one model's failure (bad database config, unreachable server)
    /// does not stop the others.
    /// </summary>
    public static async Task<IReadOnlyList<ModelSyncResult>> SyncAllAsync(ElementApp app, CancellationToken cancellationToken = default)
    {
        var results = new List<ModelSyncResult>();
        foreach (var definition in FindModels(app))
        {
            ModelElement? model = null;
            try
            {
                model = app.GetElement<ModelElement>(definition.FullName);
                var result = await model.SyncSchemaAsync(cancellationToken).ConfigureAwait(false);
                results.Add(new ModelSyncResult(definition.FullName, model.DatabaseName, model.Schema.Table, result));
            }
            catch (ElementException ex)
            {
                results.Add(new ModelSyncResult(definition.FullName, model?.DatabaseName, model?.Schema.Table, null, ex.Code, ex.Message));
            }
        }

        return results;
    }
}
