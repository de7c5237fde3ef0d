using System.Text.Json.Nodes;
using Elements.Activation;
using Elements.Data.Aggregation;
using Elements.Data.Errors;
using Elements.Data.Filters;
using Elements.Data.Storage;
using Elements.Security;

namespace Elements.Std.Models;

/// <summary>
/// <c>models.AggrType</c>: a read-only model whose rows are computed from another model (or aggregate model) in the
/// same database: its rows grouped and aggregated as the definition says, queried like a model (filters, orders,
/// pages, groupBy and statistics on the results), one SQL statement per call, never stored. The source is resolved at
/// first use, so two elements may name each other's models without an activation cycle.
/// A remote caller needs the source's full row permission: an aggregate of an owned model sums every owner's rows,
/// so a caller limited to its own rows there is refused (403) rather than shown others' totals.
/// </summary>
[ElementType("models.AggrType", ConfigType = typeof(AggrModelConfig))]
public class AggrModelElement
{
    private readonly ElementApp _app;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Source? _source;

    public AggrModelElement(ElementContext context, AggrModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(config);
        _app = context.App;
        FullName = context.FullName;
        Definition = config.ToDefinition();
    }

    public string FullName { get; }

    public AggregateDefinition Definition { get; }

    public Task<JsonNode?> QueryAsync(JsonNode? filter = null, JsonNode? fieldList = null, JsonNode? orderList = null, JsonNode? page = null,
        JsonNode? size = null, ElementCaller? caller = null, CancellationToken cancellationToken = default) =>
        CallAsync(caller, "query", cancellationToken, ("filter", filter), ("fieldList", fieldList), ("orderList", orderList), ("page", page), ("size", size));

    public Task<JsonNode?> GetAsync(JsonNode? filter = null, JsonNode? orderList = null, ElementCaller? caller = null, CancellationToken cancellationToken = default) =>
        CallAsync(caller, "get", cancellationToken, ("filter", filter), ("orderList", orderList));

    public Task<JsonNode?> GroupByAsync(JsonNode? filter = null, JsonNode? fieldList = null, JsonNode? orderList = null, JsonNode? page = null, JsonNode? size = null,
        ElementCaller? caller = null, CancellationToken cancellationToken = default) =>
        CallAsync(caller, "groupBy", cancellationToken, ("filter", filter), ("fieldList", fieldList), ("orderList", orderList), ("page", page), ("size", size));

    public Task<JsonNode?> GetFieldDataAsync(JsonNode? fieldId = null, JsonNode? filter = null, JsonNode? orderList = null, ElementCaller? caller = null,
        CancellationToken cancellationToken = default) =>
        CallAsync(caller, "getFieldData", cancellationToken, ("fieldId", fieldId), ("filter", filter), ("orderList", orderList));

    public Task<JsonNode?> StatisticFieldDataAsync(JsonNode? filter = null, JsonNode? fieldAggrMap = null, ElementCaller? caller = null,
        CancellationToken cancellationToken = default) =>
        CallAsync(caller, "statisticFieldData", cancellationToken, ("filter", filter), ("fieldAggrMap", fieldAggrMap));

    public Task<JsonNode?> GetExportDataAsync(JsonNode? filter = null, JsonNode? fieldList = null, JsonNode? page = null, JsonNode? size = null,
        ElementCaller? caller = null, CancellationToken cancellationToken = default) =>
        CallAsync(caller, "getExportData", cancellationToken, ("filter", filter), ("fieldList", fieldList), ("page", page), ("size", size));

    public Task<JsonNode?> AggregateAsync(JsonNode? filter = null, JsonNode? aggrField = null, JsonNode? aggrType = null, ElementCaller? caller = null,
        CancellationToken cancellationToken = default) =>
        CallAsync(caller, "aggregate", cancellationToken, ("filter", filter), ("aggrField", aggrField), ("aggrType", aggrType));

    public Task<JsonNode?> GetCompareResultAsync(JsonNode? q = null, JsonNode? bizRow = null, CancellationToken cancellationToken = default) =>
        CallAsync(null, "getCompareResult", cancellationToken, ("q", q), ("bizRow", bizRow));

    /// <summary>Typed query of the aggregated rows; result keys map to <typeparamref name="T"/>'s properties (Dapper).</summary>
    public async Task<IReadOnlyList<T>> QueryAsync<T>(Q? filter = null, IReadOnlyList<OrderBy>? orderList = null, int? page = null, int? size = null,
        CancellationToken cancellationToken = default)
    {
        var source = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await source.Store.QueryAsync<T>(filter, orderList, page, size, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The read-only store over the aggregated rows (its source synced).</summary>
    public async Task<ModelStore> OpenStoreAsync(CancellationToken cancellationToken = default) => (await OpenAsync(cancellationToken).ConfigureAwait(false)).Store;

    public override string ToString() => $"{FullName} (aggregate of {Definition.Source})";

    private async Task<JsonNode?> CallAsync(ElementCaller? caller, string function, CancellationToken cancellationToken, params (string Name, JsonNode? Value)[] args)
    {
        var source = await OpenAsync(cancellationToken).ConfigureAwait(false);
        if (caller is not null && source.OwnedModel is { } owned && !caller.SeesAllRowsOf(owned))
        {
            throw new ElementException(ElementErrorCodes.Forbidden, $"'{FullName}' aggregates every row of '{owned}', and this caller may see only its own rows there");
        }

        return await ModelFunctions.InvokeAsync(source.Store, function, ModelArguments.From(args), cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<Source> OpenAsync(CancellationToken cancellationToken)
    {
        if (_source is { } ready)
        {
            return ready;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _source ??= await ResolveAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Source> ResolveAsync(CancellationToken cancellationToken)
    {
        var element = _app.TryGetElementDefine(Definition.Source, out _)
            ? _app.GetElement(Definition.Source)
            : throw new SchemaException($"'{FullName}' aggregates '{Definition.Source}', which is not an element of the app");
        return element switch
        {
            ModelElement model => new Source(ModelStore.Aggregate(await model.OpenStoreAsync(cancellationToken).ConfigureAwait(false), FullName, Definition),
                model.OwnerField is null ? null : model.FullName),
            AggrModelElement inner => new Source(ModelStore.Aggregate(await inner.OpenStoreAsync(cancellationToken).ConfigureAwait(false), FullName, Definition),
                (await inner.OpenAsync(cancellationToken).ConfigureAwait(false)).OwnedModel),
            _ => throw new SchemaException($"'{FullName}' aggregates '{Definition.Source}', which is a {element.GetType().Name}, not a model"),
        };
    }

    /// <summary>The store over the aggregated rows and the owned model whose rows it sums, if any.</summary>
    private sealed record Source(ModelStore Store, string? OwnedModel);
}
