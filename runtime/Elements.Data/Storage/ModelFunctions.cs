using System.Text.Json;
using System.Text.Json.Nodes;
using Elements.Data.Aggregation;
using Elements.Data.Errors;
using Elements.Data.Filters;

namespace Elements.Data.Storage;

/// <summary>
/// The JSON face of <see cref="ModelStore"/>: the built-in functions of every model element, with JitAi's names,
/// argument names, argument order and defaults (<c>updateByPK(pkList, updateData, triggerEvent=1)</c>, ...), invoked by
/// name so CLI and HTTP wrappers need no per-function code.
/// </summary>
public static class ModelFunctions
{
    public const string UnknownFunctionCode = "DB_UNKNOWN_FUNCTION";

    /// <summary>Deepest relation expansion <c>level</c> takes (JitAi's limit).</summary>
    public const int MaxLevel = 5;

    /// <summary>JitAi's default <c>level</c> of <c>query</c> and <c>get</c>.</summary>
    public const int DefaultLevel = 2;

    /// <summary>Function names with their argument names, in JitAi's declaration order.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Signatures { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        ["create"] = ["rowData", "triggerEvent"],
        ["updateOrAdd"] = ["filter", "orderList", "updateData", "addData", "triggerEvent"],
        ["createOrUpdateMany"] = ["rowDataList", "triggerEvent"],
        ["updateByPK"] = ["pkList", "updateData", "triggerEvent"],
        ["deleteByPK"] = ["pkList", "triggerEvent"],
        ["updateByFilter"] = ["filter", "updateData"],
        ["deleteByFilter"] = ["filter"],
        ["query"] = ["filter", "fieldList", "orderList", "page", "size", "level"],
        ["get"] = ["filter", "orderList", "level"],
        ["groupBy"] = ["filter", "fieldList", "orderList", "page", "size"],
        ["getFieldData"] = ["fieldId", "filter", "orderList"],
        ["statisticFieldData"] = ["filter", "fieldAggrMap"],
        ["getExportData"] = ["filter", "fieldList", "page", "size"],
        ["aggregate"] = ["filter", "aggrField", "aggrType"],
        ["resetModelData"] = [],
        ["getCompareResult"] = ["q", "bizRow"],
    };

    /// <summary>
    /// Arguments a call must name (JitAi's arguments without a default). <c>filter</c> may still be <c>""</c> or null
    /// (every row) where JitAi allows it; the by-filter writes refuse an empty one. Leniencies: <c>get</c>'s filter and
    /// <c>updateOrAdd</c>'s <c>orderList</c> and <c>addData</c>, <c>getExportData</c>'s paging may be left out.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> RequiredArguments { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        ["create"] = ["rowData"],
        ["updateOrAdd"] = ["filter", "updateData"],
        ["createOrUpdateMany"] = ["rowDataList"],
        ["updateByPK"] = ["pkList", "updateData"],
        ["deleteByPK"] = ["pkList"],
        ["updateByFilter"] = ["filter", "updateData"],
        ["deleteByFilter"] = ["filter"],
        ["query"] = [],
        ["get"] = [],
        ["groupBy"] = ["filter", "fieldList"],
        ["getFieldData"] = ["fieldId", "filter"],
        ["statisticFieldData"] = ["filter", "fieldAggrMap"],
        ["getExportData"] = ["filter", "fieldList"],
        ["aggregate"] = ["filter", "aggrField", "aggrType"],
        ["resetModelData"] = [],
        ["getCompareResult"] = ["q", "bizRow"],
    };

    /// <summary>
    /// Runs <paramref name="function"/> with named <paramref name="args"/>. Results: rows as objects (<c>get</c> may be
    /// null), <c>query</c>, <c>groupBy</c> and <c>getExportData</c> <c>{rowDatas, totalCount}</c>, <c>updateByPK</c> and
    /// <c>createOrUpdateMany</c> lists of rows, <c>deleteByPK</c>, the by-filter functions and <c>resetModelData</c> a
    /// count, <c>aggregate</c> a number (or null), <c>statisticFieldData</c> an object keyed by field,
    /// <c>getFieldData</c> a list of values, <c>getCompareResult</c> a bool.
    /// </summary>
    public static async Task<JsonNode?> InvokeAsync(ModelStore store, string function, JsonObject? args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        args ??= [];
        if (!Signatures.TryGetValue(function, out var names))
        {
            throw new DataException(UnknownFunctionCode, $"Models have no function '{function}' (known: {string.Join(", ", Signatures.Keys)}).");
        }

        foreach (var (key, _) in args)
        {
            if (!names.Contains(key))
            {
                throw new InvalidValueException(null, $"'{function}' takes ({string.Join(", ", names)}); unexpected argument '{key}'");
            }
        }

        foreach (var name in RequiredArguments[function])
        {
            if (!args.ContainsKey(name))
            {
                throw new DataException(ElementErrorCodes.MissingArg, $"'{function}' requires argument '{name}'; it takes ({string.Join(", ", names)})");
            }
        }

        // JitAi's switch for model events (0 suppresses them); the model element acts on it, the store only checks it.
        if (names.Contains("triggerEvent"))
        {
            CheckTriggerEvent(args);
        }
        var ct = cancellationToken;
        switch (function)
        {
            case "create":
                return await store.CreateAsync(RequiredObject(args, "rowData"), ct).ConfigureAwait(false);
            case "updateOrAdd":
                return await store.UpdateOrAddAsync(RequiredFilter(args), OrderBy.ParseList(args["orderList"]), RequiredObject(args, "updateData"),
                    args["addData"] is null ? [] : RequiredObject(args, "addData"), ct).ConfigureAwait(false);
            case "createOrUpdateMany":
                return await store.CreateOrUpdateManyAsync(RowList(args), ct).ConfigureAwait(false);
            case "updateByPK":
                var updated = await store.UpdateByPKAsync(PkList(args), RequiredObject(args, "updateData"), ct).ConfigureAwait(false);
                return new JsonArray([.. updated]);
            case "deleteByPK":
                return JsonNumber.Create(await store.DeleteByPKAsync(PkList(args), ct).ConfigureAwait(false));
            case "updateByFilter":
                return JsonNumber.Create(await store.UpdateByFilterAsync(RequiredFilter(args), RequiredObject(args, "updateData"), ct).ConfigureAwait(false));
            case "deleteByFilter":
                return JsonNumber.Create(await store.DeleteByFilterAsync(RequiredFilter(args), ct).ConfigureAwait(false));
            case "query":
                return Reply(await store.QueryAsync(Q.From(args["filter"]), FieldList(args["fieldList"]), OrderBy.ParseList(args["orderList"]),
                    OptionalInt(args, "page"), OptionalInt(args, "size"), Level(args), ct).ConfigureAwait(false));
            case "get":
                return await store.GetAsync(Q.From(args["filter"]), OrderBy.ParseList(args["orderList"]), Level(args), ct).ConfigureAwait(false);
            case "groupBy":
                var items = FieldList(args["fieldList"])?.Select(GroupByItem.Parse).ToList()
                    ?? throw new InvalidValueException(null, "'fieldList' is required: the fields to group by and the aggregates, e.g. [\"status\", \"COUNT(*) as count\"]");
                return Reply(await store.GroupByAsync(Q.From(args["filter"]), items, OrderBy.ParseList(args["orderList"]),
                    OptionalInt(args, "page"), OptionalInt(args, "size"), ct).ConfigureAwait(false));
            case "getFieldData":
                return await store.GetFieldDataAsync(RequiredString(args, "fieldId"), Q.From(args["filter"]), OrderBy.ParseList(args["orderList"]), ct)
                    .ConfigureAwait(false);
            case "statisticFieldData":
                return await store.StatisticFieldDataAsync(Q.From(args["filter"]), FieldAggrMap(args), ct).ConfigureAwait(false);
            case "getExportData":
                return Reply(await store.QueryAsync(Q.From(args["filter"]), FieldList(args["fieldList"]), null,
                    OptionalInt(args, "page"), OptionalInt(args, "size"), ct).ConfigureAwait(false));
            case "aggregate":
                return await store.AggregateAsync(Q.From(args["filter"]), RequiredString(args, "aggrField"),
                    AggregateFunctions.Parse(RequiredString(args, "aggrType")), ct).ConfigureAwait(false);
            case "resetModelData":
                return JsonNumber.Create(await store.DeleteByFilterAsync(Q.And(), ct).ConfigureAwait(false));
            default:
                var q = Q.From(args["q"]) ?? throw new FilterException("'q' is required: the Q expression to test the row against");
                return JsonValue.Create(store.GetCompareResult(q, RequiredObject(args, "bizRow")));
        }
    }

    // The result is ours alone, so its rows move into the reply instead of being copied: ToJson clones every row node,
    // which made a page of rows cost twice its allocations.
    private static JsonObject Reply(QueryResult result)
        => new() { ["rowDatas"] = result.RowDatas, ["totalCount"] = JsonNumber.Create(result.TotalCount) };

    private static JsonObject RequiredObject(JsonObject args, string name)
        => args[name] is JsonObject o ? (JsonObject)o.DeepClone() : throw new InvalidValueException(null, $"'{name}' must be an object");

    private static string RequiredString(JsonObject args, string name)
        => args[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: > 0 } s
            ? s
            : throw new InvalidValueException(null, $"'{name}' must be a non-empty string");

    private static Q RequiredFilter(JsonObject args)
        => Q.From(args["filter"]) ?? throw new FilterException("a non-empty filter is required");

    /// <summary>JitAi's list of keys; a single key is taken as a list of one.</summary>
    private static List<object?> PkList(JsonObject args) => args["pkList"] switch
    {
        null => throw new InvalidValueException(null, "'pkList' is required: a list of primary key values"),
        JsonArray keys when keys.All(k => k is JsonValue) => [.. keys.Select(k => (object?)k!.DeepClone())],
        JsonValue key => [key.DeepClone()],
        _ => throw new InvalidValueException(null, "'pkList' must be a list of primary key values"),
    };

    private static List<JsonObject> RowList(JsonObject args)
        => args["rowDataList"] is JsonArray rows && rows.All(r => r is JsonObject)
            ? rows.Select(r => (JsonObject)r!.DeepClone()).ToList()
            : throw new InvalidValueException(null, "'rowDataList' must be a list of row objects");

    private static Dictionary<string, AggregateFunction> FieldAggrMap(JsonObject args)
    {
        if (args["fieldAggrMap"] is not JsonObject map || map.Any(p => p.Value?.GetValueKind() != JsonValueKind.String))
        {
            throw new InvalidValueException(null, "'fieldAggrMap' must be an object of field → aggregate, e.g. {\"age\": \"AVG\", \"salary\": \"SUM\"}");
        }

        return map.ToDictionary(p => p.Key, p => AggregateFunctions.Parse(p.Value!.GetValue<string>()), StringComparer.Ordinal);
    }

    /// <summary>JitAi's <c>triggerEvent</c>: 1 (default) or 0; true/false are taken too.</summary>
    private static void CheckTriggerEvent(JsonObject args)
    {
        var ok = args["triggerEvent"] switch
        {
            null => true,
            JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => true,
            JsonValue v => v.GetValueKind() == JsonValueKind.Number && ValueCodec.TryGetDecimal(v, out var d) && d is 0 or 1,
            _ => false,
        };
        if (!ok)
        {
            throw new InvalidValueException(null, "'triggerEvent' must be 1 or 0");
        }
    }

    /// <summary>JitAi's <c>level</c>: how deep related rows are expanded, 0 to 5 (default 2).</summary>
    private static int Level(JsonObject args)
    {
        var level = OptionalInt(args, "level") ?? DefaultLevel;
        return level is >= 0 and <= MaxLevel ? level : throw new InvalidValueException(null, $"'level' must be between 0 and {MaxLevel}");
    }

    private static int? OptionalInt(JsonObject args, string name)
    {
        var node = args[name];
        if (node is null)
        {
            return null;
        }

        if (node.GetValueKind() == JsonValueKind.Number && ValueCodec.TryGetDecimal(node, out var d) && d == decimal.Truncate(d) && d is >= int.MinValue and <= int.MaxValue)
        {
            return (int)d;
        }

        throw new InvalidValueException(null, $"'{name}' must be an integer");
    }

    private static List<string>? FieldList(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        if (node is JsonArray a && a.All(n => n?.GetValueKind() == JsonValueKind.String))
        {
            return a.Select(n => n!.GetValue<string>()).ToList();
        }

        throw new InvalidValueException(null, "'fieldList' must be a list of field names");
    }
}
