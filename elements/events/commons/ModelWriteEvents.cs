using System.Text.Json.Nodes;
using Elements.Data.Filters;
using Elements.Data.Outbox;
using Elements.Data.Schema;
using Elements.Data.Storage;
using Elements.Data.Sync;
using Elements.Std.Models;

namespace Elements.Std.Events;

/// <summary>
/// Runs a model's write function with its events. Only models with an enabled event for the function's kind of change
/// take this path (others keep their plain SQL). The write runs in a transaction (the caller's when there is one): the
/// rows it will touch are read first (prevData), <c>*Before</c> handlers run with the planned row and may refuse by
/// throwing (the transaction rolls back, the exception reaches the caller as it is), the write runs, the rows are read
/// back (postData), asynchronous handlers are queued in the outbox in the same transaction, and synchronous
/// <c>*After</c>/<c>FieldUpdateAfter</c> handlers run after the outermost commit (never after a rollback). Bulk
/// functions fire per row.
/// </summary>
internal static class ModelWriteEvents
{
    [Flags]
    private enum Kinds
    {
        None = 0,
        Add = 1,
        Update = 2,
        Delete = 4,
    }

    /// <summary>The events of <paramref name="model"/> that <paramref name="function"/> may fire; empty when none.</summary>
    public static IReadOnlyList<ModelEventElement> Relevant(ElementApp app, string model, string function)
    {
        var kinds = KindsOf(function);
        if (kinds == Kinds.None || !EventCatalog.For(app).Current.ModelEvents.TryGetValue(model, out var events))
        {
            return [];
        }

        return [.. events.Where(e => (KindOf(e.Operate) & kinds) != 0)];
    }

    /// <summary>Code of a sync warning: an enabled event watches (<c>fields</c>) a field its model does not have.</summary>
    public const string UnknownFieldCode = "EVENT_UNKNOWN_FIELD";

    /// <summary>The fields the model's enabled events watch that <paramref name="schema"/> does not have, as sync warnings.</summary>
    public static IEnumerable<SchemaDiagnostic> UnknownFields(ElementApp app, string model, ModelSchema schema) =>
        EventCatalog.For(app).Current.ModelEvents.TryGetValue(model, out var events)
            ? [.. events.SelectMany(e => e.Fields
                .Where(f => schema.FindField(f) is null && schema.FindListField(f) is null)
                .Select(f => new SchemaDiagnostic(UnknownFieldCode, schema.Table, f,
                    $"event '{e.Name}' watches field '{f}', which model '{model}' does not have: the event never fires for it")))]
            : [];

    /// <summary>True when the model has asynchronous events: its database then needs the outbox table.</summary>
    public static bool HasAsync(ElementApp app, string model) =>
        EventCatalog.For(app).Current.ModelEvents.TryGetValue(model, out var events) && events.Any(e => e.AsyncType);

    /// <summary>JitAi's triggerEvent: 0 (or false) suppresses events.</summary>
    public static bool Suppressed(JsonObject args) => args["triggerEvent"] is JsonValue v
        && (v.GetValueKind() == System.Text.Json.JsonValueKind.False
            || (v.GetValueKind() == System.Text.Json.JsonValueKind.Number && decimal.TryParse(v.ToJsonString(), System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture, out var d) && d == 0));

    public static async Task<JsonNode?> RunAsync(ElementApp app, ModelElement model, ModelStore store, IReadOnlyList<ModelEventElement> events,
        string function, JsonObject args, CancellationToken ct)
    {
        var database = store.Database;
        if (events.Any(e => e.AsyncType) && !database.InTransaction)
        {
            await new EventOutbox(database).EnsureTableAsync(ct).ConfigureAwait(false);
        }

        var after = new AfterHandlers(app, "after");
        JsonNode? result;
        bool owner;
        await using (var transaction = await database.BeginTransactionAsync(ct).ConfigureAwait(false))
        {
            owner = transaction.IsOwner;
            var pk = model.Schema.PrimaryKey.Name;
            var previous = await ReadPreviousAsync(store, function, args, pk, ct).ConfigureAwait(false);
            foreach (var (kind, prev, post) in Planned(function, args, previous, pk))
            {
                foreach (var element in events.Where(e => e.Operate == Before(kind) && e.IsValid(store, prev, post)))
                {
                    await element.CallAsync(Payload(model.FullName, Before(kind), prev, post), ct).ConfigureAwait(false);
                }
            }

            result = await ModelFunctions.InvokeAsync(store, function, args, ct).ConfigureAwait(false);
            foreach (var (kind, prev, post) in await DoneAsync(store, function, result, previous, pk, ct).ConfigureAwait(false))
            {
                foreach (var element in events.Where(e => (e.Operate == After(kind) || e.Operate == EventOperate.FieldUpdateAfter) && e.IsValid(store, prev, post)))
                {
                    var payload = Payload(model.FullName, After(kind), prev, post);
                    if (element.AsyncType)
                    {
                        await AsyncEventQueue.EnqueueAsync(app, database, element, payload, ct).ConfigureAwait(false);
                        after.QueuedAsync = true;
                    }
                    else
                    {
                        after.Add(element, payload);
                    }
                }
            }

            if (!owner && (after.Count > 0 || after.QueuedAsync))
            {
                database.TryAddAfterCommit(() => after.RunAsync(CancellationToken.None));
            }

            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }

        if (owner)
        {
            await after.RunAsync(ct).ConfigureAwait(false);
        }

        return result;
    }

    private static JsonObject Payload(string model, EventOperate optType, JsonObject? prev, JsonObject? post) => new()
    {
        ["model"] = model,
        ["optType"] = optType.ToString(),
        ["prevData"] = prev?.DeepClone(),
        ["postData"] = post?.DeepClone(),
    };

    private static Kinds KindsOf(string function) => function switch
    {
        "create" => Kinds.Add,
        "updateByPK" or "updateByFilter" => Kinds.Update,
        "deleteByPK" or "deleteByFilter" => Kinds.Delete,
        "updateOrAdd" or "createOrUpdateMany" => Kinds.Add | Kinds.Update,
        _ => Kinds.None,
    };

    private static Kinds KindOf(EventOperate operate) => operate switch
    {
        EventOperate.AddBefore or EventOperate.AddAfter => Kinds.Add,
        EventOperate.UpdateBefore or EventOperate.UpdateAfter => Kinds.Update,
        EventOperate.DeleteBefore or EventOperate.DeleteAfter => Kinds.Delete,
        _ => Kinds.Add | Kinds.Update | Kinds.Delete,
    };

    private static EventOperate Before(Kinds kind) => kind switch
    {
        Kinds.Add => EventOperate.AddBefore,
        Kinds.Update => EventOperate.UpdateBefore,
        _ => EventOperate.DeleteBefore,
    };

    private static EventOperate After(Kinds kind) => kind switch
    {
        Kinds.Add => EventOperate.AddAfter,
        Kinds.Update => EventOperate.UpdateAfter,
        _ => EventOperate.DeleteAfter,
    };

    /// <summary>The stored rows the write will touch, by primary key (read in the write's transaction).</summary>
    private static async Task<Dictionary<string, JsonObject>> ReadPreviousAsync(ModelStore store, string function, JsonObject args, string pk, CancellationToken ct)
    {
        Q? filter = function switch
        {
            "updateByPK" or "deleteByPK" => Keys(args["pkList"]) is { Count: > 0 } keys ? Q.Field(pk, "in", keys) : null,
            "updateByFilter" or "deleteByFilter" or "updateOrAdd" => Q.From(args["filter"]),
            "createOrUpdateMany" => args["rowDataList"] is JsonArray list
                && new JsonArray([.. list.OfType<JsonObject>().Select(r => r[pk]).Where(k => k is not null).Select(k => k!.DeepClone())]) is { Count: > 0 } keys
                ? Q.Field(pk, "in", keys) : null,
            _ => null,
        };
        if (filter is null)
        {
            return [];
        }

        var rows = function == "updateOrAdd"
            ? (await store.GetAsync(filter, OrderBy.ParseList(args["orderList"]), 0, ct).ConfigureAwait(false)) is { } first ? [first] : []
            : (await store.QueryAsync(filter, null, null, null, null, 0, ct).ConfigureAwait(false)).RowDatas.OfType<JsonObject>().ToList();
        return rows.ToDictionary(r => Key(r[pk]), StringComparer.Ordinal);
    }

    /// <summary>What the write is about to do, per row, as the Before handlers see it.</summary>
    private static IEnumerable<(Kinds Kind, JsonObject? Prev, JsonObject? Post)> Planned(string function, JsonObject args, Dictionary<string, JsonObject> previous, string pk)
    {
        switch (function)
        {
            case "create" when args["rowData"] is JsonObject row:
                yield return (Kinds.Add, null, row);
                break;
            case "updateByPK" or "updateByFilter" when args["updateData"] is JsonObject data:
                foreach (var prev in previous.Values)
                {
                    yield return (Kinds.Update, prev, Merge(prev, data));
                }

                break;
            case "deleteByPK" or "deleteByFilter":
                foreach (var prev in previous.Values)
                {
                    yield return (Kinds.Delete, prev, null);
                }

                break;
            case "updateOrAdd" when args["updateData"] is JsonObject data:
                yield return previous.Count > 0
                    ? (Kinds.Update, previous.Values.First(), Merge(previous.Values.First(), data))
                    : (Kinds.Add, null, Merge(args["addData"] as JsonObject ?? [], data));
                break;
            case "createOrUpdateMany" when args["rowDataList"] is JsonArray rows:
                foreach (var row in rows.OfType<JsonObject>())
                {
                    yield return row[pk] is { } key && previous.TryGetValue(Key(key), out var prev) ? (Kinds.Update, prev, Merge(prev, row)) : (Kinds.Add, null, row);
                }

                break;
        }
    }

    /// <summary>What the write did, per row, as the After handlers see it (rows read back in the transaction).</summary>
    private static async Task<List<(Kinds Kind, JsonObject? Prev, JsonObject? Post)>> DoneAsync(ModelStore store, string function, JsonNode? result,
        Dictionary<string, JsonObject> previous, string pk, CancellationToken ct)
    {
        IEnumerable<JsonObject> written;
        switch (function)
        {
            case "deleteByPK" or "deleteByFilter":
                return [.. previous.Values.Select(p => (Kinds.Delete, (JsonObject?)p, (JsonObject?)null))];
            case "updateByFilter":
                written = previous.Count == 0 ? [] : (await store.QueryAsync(Q.Field(pk, "in", new JsonArray([.. previous.Values.Select(p => p[pk]!.DeepClone())])),
                    null, null, null, null, 0, ct).ConfigureAwait(false)).RowDatas.OfType<JsonObject>();
                break;
            default:
                written = result switch
                {
                    JsonObject row => [row],
                    JsonArray rows => rows.OfType<JsonObject>(),
                    _ => [],
                };
                break;
        }

        return [.. written.Select(row => row[pk] is { } key && previous.TryGetValue(Key(key), out var prev)
            ? (Kinds.Update, (JsonObject?)prev, (JsonObject?)row)
            : (Kinds.Add, null, row))];
    }

    private static JsonArray? Keys(JsonNode? pkList) => pkList switch
    {
        JsonArray keys => new JsonArray([.. keys.Where(k => k is JsonValue).Select(k => k!.DeepClone())]),
        JsonValue key => [key.DeepClone()],
        _ => null,
    };

    private static string Key(JsonNode? key) => key is JsonValue v && v.TryGetValue<string>(out var s) ? s : key?.ToJsonString() ?? "";

    private static JsonObject Merge(JsonObject row, JsonObject changes)
    {
        var merged = (JsonObject)row.DeepClone();
        foreach (var (key, value) in changes)
        {
            merged[key] = value?.DeepClone();
        }

        return merged;
    }
}
