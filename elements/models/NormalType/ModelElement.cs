using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elements.Activation;
using Elements.Data.Aggregation;
using Elements.Data.Errors;
using Elements.Data.Filters;
using Elements.Data.Schema;
using Elements.Data.Storage;
using Elements.Data.Sync;
using Elements.Security;
using Elements.Std.Databases;
using Elements.Std.Events;
using Microsoft.Extensions.Logging;

namespace Elements.Std.Models;

/// <summary>
/// <c>models.NormalType</c>: a model instance backed by one table. The functions of the type's functionList take and
/// return JSON (through <see cref="ModelFunctions"/>, so the CLI, the HTTP API and C# callers share one behaviour);
/// C# code may also use the typed <see cref="QueryAsync{T}"/> / <see cref="GetAsync{T}"/> or <see cref="OpenStoreAsync"/>.
/// With <c>ownerField</c> declared, a JSON function called for a remote <see cref="ElementCaller"/> whose row permission
/// on the model is <c>own</c> works on <see cref="ModelStore.OwnedBy"/> (only the caller's rows, enforced in the SQL);
/// a null caller (trusted in-process code) and the typed C# methods are unrestricted.
/// The table is synced once, at first use; <see cref="SyncSchemaAsync"/> re-runs the sync and reports its diagnostics.
/// </summary>
[ElementType("models.NormalType", ConfigType = typeof(ModelConfig))]
public partial class ModelElement
{
    public const string DefaultDatabaseName = "databases.Default";

    private const int MaxSyncAttempts = 3;
    private const int MaxIdentifierLength = 63;

    private readonly ILogger _logger;
    private readonly SemaphoreSlim _syncGate = new(1, 1);
    private readonly ElementApp _app;
    private readonly ConcurrentDictionary<string, ModelSchema> _relatedSchemas = new(StringComparer.Ordinal);
    private volatile SchemaSyncResult? _synced;

    // What OpenStoreAsync returns once the schema is synced: a login opens several stores per request, and a completed
    // task made per call would be garbage each time.
    private readonly Task<ModelStore> _openStore;

    public ModelElement(ElementContext context, ModelConfig config, ILogger<ModelElement> logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(config);
        _logger = logger;
        FullName = context.FullName;
        Schema = config.ToSchema(DefaultTableName(FullName), context.Definition.Title);
        OwnerField = config.OwnerField;
        DatabaseName = string.IsNullOrWhiteSpace(config.Db) ? ResolveDefaultDatabase(context.App) : config.Db;
        DatabaseElement = context.App.GetElement<DatabaseElement>(DatabaseName);
        _app = context.App;
        // Related models are looked up per statement, never here: two models relating to each other would otherwise
        // activate each other in their constructors (an activation cycle).
        Store = new ModelStore(DatabaseElement.Database, Schema, RelatedSchema);
        _openStore = Task.FromResult(Store);
    }

    public string FullName { get; }

    public ModelSchema Schema { get; }

    /// <summary>The Integer field naming the user a row belongs to (e-json <c>ownerField</c>); null when rows have no owner.</summary>
    public string? OwnerField { get; }

    /// <summary>Full name of the database element the model stores its rows in.</summary>
    public string DatabaseName { get; }

    public DatabaseElement DatabaseElement { get; }

    /// <summary>The result of the first-use sync, once it ran (null before).</summary>
    public SchemaSyncResult? LastSyncResult => _synced;

    private ModelStore Store { get; }

    /// <summary>
    /// <c>models.Todo</c> → <c>models_Todo</c>: readable in SQL tools and unique per full name. Names over PostgreSQL's
    /// 63-character identifier limit (deep inherited children such as <c>auths.loginTypes.X.SomeModel</c>) keep their
    /// first 54 characters plus a hash of the full name, so they stay unique and stable instead of failing.
    /// </summary>
    public static string DefaultTableName(string fullName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fullName);
        var name = fullName.Replace('.', '_');
        if (name.Length <= MaxIdentifierLength)
        {
            return name;
        }

        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(fullName)))[..8];
        return $"{name[..(MaxIdentifierLength - hash.Length - 1)]}_{hash}";
    }

    /// <summary>The database element models use when they name none: <c>settings.defaultElement.defaultDatabase</c>, else <c>databases.Default</c>.</summary>
    public static string ResolveDefaultDatabase(ElementApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Settings["defaultElement"] is JsonObject defaults
            && defaults["defaultDatabase"] is JsonValue value
            && value.TryGetValue<string>(out var name)
            && !string.IsNullOrWhiteSpace(name)
            ? name
            : DefaultDatabaseName;
    }

    /// <summary>Creates missing tables, columns and indexes now (never drops) and reports drift.</summary>
    public async Task<SchemaSyncResult> SyncSchemaAsync(CancellationToken cancellationToken = default)
    {
        await _syncGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var result = await SyncAndReportAsync(cancellationToken).ConfigureAwait(false);
            if (!Store.Database.InTransaction)
            {
                _synced = result;
            }

            return result;
        }
        finally
        {
            _syncGate.Release();
        }
    }

    /// <summary>The underlying store with the table synced: full C# access (counts, typed queries, by-key reads).</summary>
    public Task<ModelStore> OpenStoreAsync(CancellationToken cancellationToken = default) =>
        _synced is not null ? _openStore : SyncAndOpenStoreAsync(cancellationToken);

    // The built-in functions, with JitAi's argument names, order and defaults (see ModelFunctions.Signatures): the
    // invoker binds HTTP, CLI and InvokeAsync arguments to these parameters by name.

    public Task<JsonNode?> CreateAsync(JsonNode? rowData = null, JsonNode? triggerEvent = null, ElementCaller? caller = null, CancellationToken cancellationToken = default) =>
        CallAsync(caller, "create", cancellationToken, ("rowData", rowData), ("triggerEvent", triggerEvent));

    public Task<JsonNode?> UpdateOrAddAsync(JsonNode? filter = null, JsonNode? orderList = null, JsonNode? updateData = null, JsonNode? addData = null, JsonNode? triggerEvent = null,
        ElementCaller? caller = null, CancellationToken cancellationToken = default) =>
        CallAsync(caller, "updateOrAdd", cancellationToken, ("filter", filter), ("orderList", orderList), ("updateData", updateData), ("addData", addData),
            ("triggerEvent", triggerEvent));

    public Task<JsonNode?> CreateOrUpdateManyAsync(JsonNode? rowDataList = null, JsonNode? triggerEvent = null, ElementCaller? caller = null,
        CancellationToken cancellationToken = default) =>
        CallAsync(caller, "createOrUpdateMany", cancellationToken, ("rowDataList", rowDataList), ("triggerEvent", triggerEvent));

    public Task<JsonNode?> UpdateByPKAsync(JsonNode? pkList = null, JsonNode? updateData = null, JsonNode? triggerEvent = null, ElementCaller? caller = null,
        CancellationToken cancellationToken = default) =>
        CallAsync(caller, "updateByPK", cancellationToken, ("pkList", pkList), ("updateData", updateData), ("triggerEvent", triggerEvent));

    public Task<JsonNode?> DeleteByPKAsync(JsonNode? pkList = null, JsonNode? triggerEvent = null, ElementCaller? caller = null, CancellationToken cancellationToken = default) =>
        CallAsync(caller, "deleteByPK", cancellationToken, ("pkList", pkList), ("triggerEvent", triggerEvent));

    public Task<JsonNode?> UpdateByFilterAsync(JsonNode? filter = null, JsonNode? updateData = null, ElementCaller? caller = null, CancellationToken cancellationToken = default) =>
        CallAsync(caller, "updateByFilter", cancellationToken, ("filter", filter), ("updateData", updateData));

    public Task<JsonNode?> DeleteByFilterAsync(JsonNode? filter = null, ElementCaller? caller = null, CancellationToken cancellationToken = default) =>
        CallAsync(caller, "deleteByFilter", cancellationToken, ("filter", filter));

    public Task<JsonNode?> QueryAsync(JsonNode? filter = null, JsonNode? fieldList = null, JsonNode? orderList = null, JsonNode? page = null,
        JsonNode? size = null, JsonNode? level = null, ElementCaller? caller = null, CancellationToken cancellationToken = default) =>
        CallAsync(caller, "query", cancellationToken, ("filter", filter), ("fieldList", fieldList), ("orderList", orderList), ("page", page), ("size", size),
            ("level", level));

    public Task<JsonNode?> GetAsync(JsonNode? filter = null, JsonNode? orderList = null, JsonNode? level = null, ElementCaller? caller = null,
        CancellationToken cancellationToken = default) =>
        CallAsync(caller, "get", cancellationToken, ("filter", filter), ("orderList", orderList), ("level", level));

    public Task<JsonNode?> GroupByAsync(JsonNode? filter = null, JsonNode? fieldList = null, JsonNode? orderList = null, JsonNode? page = null, JsonNode? size = null,
        ElementCaller? caller = null, CancellationToken cancellationToken = default) =>
        CallAsync(caller, "groupBy", cancellationToken, ("filter", filter), ("fieldList", fieldList), ("orderList", orderList), ("page", page), ("size", size));

    public Task<JsonNode?> GetFieldDataAsync(JsonNode? fieldId = null, JsonNode? filter = null, JsonNode? orderList = null, ElementCaller? caller = null,
        CancellationToken cancellationToken = default) =>
        CallAsync(caller, "getFieldData", cancellationToken, ("fieldId", fieldId), ("filter", filter), ("orderList", orderList));

    public Task<JsonNode?> StatisticFieldDataAsync(JsonNode? filter = null, JsonNode? fieldAggrMap = null, ElementCaller? caller = null, CancellationToken cancellationToken = default) =>
        CallAsync(caller, "statisticFieldData", cancellationToken, ("filter", filter), ("fieldAggrMap", fieldAggrMap));

    public Task<JsonNode?> GetExportDataAsync(JsonNode? filter = null, JsonNode? fieldList = null, JsonNode? page = null, JsonNode? size = null, ElementCaller? caller = null,
        CancellationToken cancellationToken = default) =>
        CallAsync(caller, "getExportData", cancellationToken, ("filter", filter), ("fieldList", fieldList), ("page", page), ("size", size));

    public Task<JsonNode?> AggregateAsync(JsonNode? filter = null, JsonNode? aggrField = null, JsonNode? aggrType = null, ElementCaller? caller = null,
        CancellationToken cancellationToken = default) =>
        CallAsync(caller, "aggregate", cancellationToken, ("filter", filter), ("aggrField", aggrField), ("aggrType", aggrType));

    public Task<JsonNode?> ResetModelDataAsync(ElementCaller? caller = null, CancellationToken cancellationToken = default) =>
        CallAsync(caller, "resetModelData", cancellationToken);

    public Task<JsonNode?> GetCompareResultAsync(JsonNode? q = null, JsonNode? bizRow = null, CancellationToken cancellationToken = default) =>
        CallAsync(null, "getCompareResult", cancellationToken, ("q", q), ("bizRow", bizRow));

    /// <summary>Typed query; columns map to <typeparamref name="T"/>'s properties by name (Dapper).</summary>
    public async Task<IReadOnlyList<T>> QueryAsync<T>(Q? filter = null, IReadOnlyList<OrderBy>? orderList = null, int? page = null, int? size = null,
        CancellationToken cancellationToken = default)
    {
        await EnsureSyncedAsync(cancellationToken).ConfigureAwait(false);
        return await Store.QueryAsync<T>(filter, orderList, page, size, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Typed single row, or default.</summary>
    public async Task<T?> GetAsync<T>(Q? filter = null, IReadOnlyList<OrderBy>? orderList = null, CancellationToken cancellationToken = default)
    {
        await EnsureSyncedAsync(cancellationToken).ConfigureAwait(false);
        return await Store.GetAsync<T>(filter, orderList, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Typed groupBy (see <see cref="ModelStore.GroupByAsync{T}"/>): result keys map to <typeparamref name="T"/>'s properties.</summary>
    public async Task<IReadOnlyList<T>> GroupByAsync<T>(Q? filter, IReadOnlyList<GroupByItem> fieldList, IReadOnlyList<OrderBy>? orderList = null,
        int? page = null, int? size = null, CancellationToken cancellationToken = default)
    {
        await EnsureSyncedAsync(cancellationToken).ConfigureAwait(false);
        return await Store.GroupByAsync<T>(filter, fieldList, orderList, page, size, cancellationToken).ConfigureAwait(false);
    }

    public override string ToString() => $"{FullName} (table {Schema.Table} on {DatabaseName})";

    /// <summary>The schema of a model a relation field names (its <c>generic</c>); it must be stored in the same
    /// database element, since relations are foreign keys and joins.</summary>
    private ModelSchema RelatedSchema(string fullName) => fullName == FullName ? Schema : _relatedSchemas.GetOrAdd(fullName, ResolveRelatedSchema);

    // Resolved once per element instance (a reload activates new instances): joins ask for it at every statement.
    private ModelSchema ResolveRelatedSchema(string fullName)
    {

        ModelElement related;
        try
        {
            related = _app.GetElement<ModelElement>(fullName);
        }
        catch (ElementException ex)
        {
            throw new SchemaException($"Model '{FullName}' relates to '{fullName}', which is not a usable model: {ex.Message}");
        }

        return related.DatabaseName == DatabaseName
            ? related.Schema
            : throw new SchemaException($"Model '{FullName}' (database '{DatabaseName}') relates to '{fullName}', which is stored in '{related.DatabaseName}'; related models must share one database element.");
    }

    /// <summary>The store a call of <paramref name="caller"/> works on: limited to its rows when the model has an owner
    /// field and the caller's row permission is <c>own</c>; a caller without a user then owns nothing and sees nothing.</summary>
    private ModelStore StoreFor(ElementCaller? caller) =>
        caller is null || OwnerField is null || caller.SeesAllRowsOf(FullName) ? Store : Store.OwnedBy(new OwnerScope(OwnerField, caller.UserId));

    private async Task<JsonNode?> CallAsync(ElementCaller? caller, string function, CancellationToken cancellationToken, params (string Name, JsonNode? Value)[] args)
    {
        await EnsureSyncedAsync(cancellationToken).ConfigureAwait(false);
        var json = ModelArguments.From(args);

        if (caller is not null)
        {
            LimitRelatedReads(caller, function, json);
        }

        // Only models with an enabled event for this kind of change pay for events; the rest keep their plain SQL.
        if (ModelWriteEvents.Relevant(_app, FullName, function) is { Count: > 0 } events && !ModelWriteEvents.Suppressed(json))
        {
            return await ModelWriteEvents.RunAsync(_app, this, StoreFor(caller), events, function, json, cancellationToken).ConfigureAwait(false);
        }

        return await ModelFunctions.InvokeAsync(StoreFor(caller), function, json, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A remote caller sees a related model only as far as it could query that model itself (and all of its rows, since
    /// a join cannot be limited to the caller's own related rows): a relation path to any other model is refused (403),
    /// and the expansion of <c>query</c>/<c>get</c> stops at the deepest level whose models it may all see (lower
    /// relations stay keys). Otherwise a grant on one model would read every model it points at.
    /// </summary>
    private void LimitRelatedReads(ElementCaller caller, string function, JsonObject args)
    {
        if (!Schema.HasRelations)
        {
            return;
        }

        var names = new List<string>();
        if (args["fieldList"] is JsonArray fields)
        {
            names.AddRange(fields.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>()));
        }

        if (args["orderList"] is JsonArray order)
        {
            names.AddRange(order.OfType<JsonArray>().Select(o => o.Count > 0 ? o[0] : null).OfType<JsonValue>()
                .Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>()));
        }

        foreach (var model in Store.RelatedModelsReached(Q.From(args["filter"]), names, level: 0))
        {
            if (!Visible(caller, model))
            {
                throw new ElementException(ElementErrorCodes.Forbidden, $"this call reads '{model}' through a relation, and the caller may not query all of its rows");
            }
        }

        if (function is not ("query" or "get"))
        {
            return;
        }

        var requested = args["level"] is JsonValue v && v.TryGetValue<int>(out var level) ? level : ModelFunctions.DefaultLevel;
        var allowed = Math.Clamp(requested, 0, ModelFunctions.MaxLevel);
        while (allowed > 0 && Store.RelatedModelsReached(null, null, allowed).Any(m => !Visible(caller, m)))
        {
            allowed--;
        }

        if (allowed != requested && requested is >= 0 and <= ModelFunctions.MaxLevel)
        {
            args["level"] = allowed;
        }
    }

    private bool Visible(ElementCaller caller, string model) =>
        caller.MayQuery(model) && (caller.SeesAllRowsOf(model) || _app.GetElement<ModelElement>(model).OwnerField is null);

    private Task EnsureSyncedAsync(CancellationToken cancellationToken)
    {
        if (_synced is not null)
        {
            return Task.CompletedTask;
        }

        // Inside a transaction the sync joins it (on SQLite a sync on another connection would wait for the very
        // lock this flow holds). It is not remembered, because a rollback would undo it; the next use outside a
        // transaction syncs again, which is cheap and idempotent.
        return Store.Database.InTransaction ? Store.SyncSchemaAsync(cancellationToken) : SyncOnceAsync(cancellationToken);
    }

    private async Task<ModelStore> SyncAndOpenStoreAsync(CancellationToken cancellationToken)
    {
        await EnsureSyncedAsync(cancellationToken).ConfigureAwait(false);
        return Store;
    }

    private async Task SyncOnceAsync(CancellationToken cancellationToken)
    {
        await _syncGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_synced is null)
            {
                _synced = await SyncAndReportAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _syncGate.Release();
        }
    }

    /// <summary>
    /// The sync, plus what the model's events need of it: the outbox table when some are asynchronous, and a warning for
    /// each field an event watches that the model does not have (such an event would silently never fire for it).
    /// </summary>
    private async Task<SchemaSyncResult> SyncAndReportAsync(CancellationToken cancellationToken)
    {
        var result = (await SyncWithRetryAsync(cancellationToken).ConfigureAwait(false)).With(ModelWriteEvents.UnknownFields(_app, FullName, Schema));
        await EnsureOutboxAsync(cancellationToken).ConfigureAwait(false);
        Report(result);
        return result;
    }

    /// <summary>A model with asynchronous events needs the event outbox table in its database; it comes with the sync.</summary>
    private Task EnsureOutboxAsync(CancellationToken cancellationToken) =>
        ModelWriteEvents.HasAsync(_app, FullName) ? new Elements.Data.Outbox.EventOutbox(Store.Database).EnsureTableAsync(cancellationToken) : Task.CompletedTask;

    private async Task<SchemaSyncResult> SyncWithRetryAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await Store.SyncSchemaAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DataException) when (attempt < MaxSyncAttempts && !Store.Database.InTransaction)
            {
                // Another process creating the same table at the same moment makes PostgreSQL's CREATE ... IF NOT
                // EXISTS fail on a catalog unique index (pg_type). The sync is one transaction, so that failure means
                // the other one committed the table with its indexes; the next pass (which only adds what is missing)
                // finds them. A persistent problem fails every attempt and surfaces. Inside a transaction a failed
                // statement dooms it, so there is nothing to retry.
            }
        }
    }

    private void Report(SchemaSyncResult result)
    {
        foreach (var diagnostic in result.Diagnostics)
        {
            LogSchemaDiagnostic(_logger, FullName, diagnostic.Code, diagnostic.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schema of model {Model}: {Code} {Message}")]
    private static partial void LogSchemaDiagnostic(ILogger logger, string model, string code, string message);
}
