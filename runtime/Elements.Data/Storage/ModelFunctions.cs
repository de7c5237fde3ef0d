using System.Text.Json;
using System.Text.Json.Nodes;
using Elements.Data.Errors;
using Elements.Data.Filters;

namespace Elements.Data.Storage;

/// <summary>
/// The JSON face of <see cref="ModelStore"/>: the functions every model element declares, invoked by name with the
/// JitAi argument names, so CLI and HTTP wrappers need no per-function code.
/// </summary>
public static class ModelFunctions
{
    public const string UnknownFunctionCode = "DB_UNKNOWN_FUNCTION";

    /// <summary>Function names with their argument names, in declaration order.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Signatures { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        ["create"] = ["rowData"],
        ["get"] = ["filter", "orderList"],
        ["query"] = ["filter", "fieldList", "orderList", "page", "size"],
        ["updateByPK"] = ["pk", "data"],
        ["deleteByPK"] = ["pk"],
        ["updateByFilter"] = ["filter", "data"],
        ["deleteByFilter"] = ["filter"],
        ["updateOrAdd"] = ["filter", "updateData", "addData"],
        ["createOrUpdateMany"] = ["rows"],
    };

    /// <summary>
    /// Runs <paramref name="function"/> with named <paramref name="args"/>. Results: rows as objects, <c>get</c> may be
    /// null, <c>query</c> is <c>{rowDatas, totalCount}</c>, <c>deleteByPK</c> a bool, the by-filter functions a count.
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
        var ct = cancellationToken;
        switch (function)
        {
            case "create":
                return await store.CreateAsync(RequiredObject(args, "rowData"), ct).ConfigureAwait(false);
            case "get":
                return await store.GetAsync(Q.From(args["filter"]), OrderBy.ParseList(args["orderList"]), ct).ConfigureAwait(false);
            case "query":
                var result = await store.QueryAsync(Q.From(args["filter"]), FieldList(args["fieldList"]), OrderBy.ParseList(args["orderList"]),
                    OptionalInt(args, "page"), OptionalInt(args, "size"), ct).ConfigureAwait(false);
                // The result is ours alone, so its rows move into the reply instead of being copied: ToJson clones
                // every row node, which made a page of rows cost twice its allocations.
                return new JsonObject { ["rowDatas"] = result.RowDatas, ["totalCount"] = JsonNumber.Create(result.TotalCount) };
            case "updateByPK":
                return await store.UpdateByPKAsync(RequiredKey(args), RequiredObject(args, "data"), ct).ConfigureAwait(false);
            case "deleteByPK":
                return await store.DeleteByPKAsync(RequiredKey(args), ct).ConfigureAwait(false);
            case "updateByFilter":
                return await store.UpdateByFilterAsync(RequiredFilter(args), RequiredObject(args, "data"), ct).ConfigureAwait(false);
            case "deleteByFilter":
                return await store.DeleteByFilterAsync(RequiredFilter(args), ct).ConfigureAwait(false);
            case "updateOrAdd":
                return await store.UpdateOrAddAsync(RequiredFilter(args), RequiredObject(args, "updateData"),
                    args["addData"] is null ? [] : RequiredObject(args, "addData"), ct).ConfigureAwait(false);
            default:
                if (args["rows"] is not JsonArray rows || rows.Any(r => r is not JsonObject))
                {
                    throw new InvalidValueException(null, "'rows' must be a list of row objects");
                }

                return await store.CreateOrUpdateManyAsync(rows.Select(r => (JsonObject)r!.DeepClone()).ToList(), ct).ConfigureAwait(false);
        }
    }

    private static JsonObject RequiredObject(JsonObject args, string name)
        => args[name] is JsonObject o ? (JsonObject)o.DeepClone() : throw new InvalidValueException(null, $"'{name}' must be an object");

    private static JsonNode RequiredKey(JsonObject args)
        => args["pk"]?.DeepClone() ?? throw new InvalidValueException(null, "'pk' is required");

    private static Q RequiredFilter(JsonObject args)
        => Q.From(args["filter"]) ?? throw new FilterException("a non-empty filter is required");

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
