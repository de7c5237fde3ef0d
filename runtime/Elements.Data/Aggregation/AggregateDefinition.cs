using System.Text.Json;
using System.Text.Json.Nodes;
using Elements.Data.Aggregation.Tql;
using Elements.Data.Errors;
using Elements.Data.Filters;

namespace Elements.Data.Aggregation;

/// <summary>
/// What an aggregate model computes: the rows of <see cref="Source"/> (a model's full name) matching
/// <see cref="Filter"/>, grouped by the grouping entries of <see cref="FieldList"/>, with its aggregates. Written in
/// e.json either as JitAi's TQL (<c>"dbTable": "Select([F('region'), F(Formula(\"COLSUM(F('amount'))\"), 'total')], From(['models.Sales']), GroupBy(F('region')))"</c>)
/// or as JSON (<c>"aggregate": {"from": "models.Sales", "filter": "Q(status='paid')", "fieldList": ["region", "SUM(amount) as total"]}</c>).
/// </summary>
public sealed record AggregateDefinition(string Source, Q? Filter, IReadOnlyList<GroupByItem> FieldList)
{
    /// <summary>Parses the JSON form; errors are <see cref="SchemaException"/>s naming the key.</summary>
    public static AggregateDefinition FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        foreach (var (key, _) in json)
        {
            if (key is not ("from" or "filter" or "fieldList"))
            {
                throw new SchemaException($"aggregate has no '{key}' (it takes from, filter and fieldList)", path: $"aggregate.{key}");
            }
        }

        var source = json["from"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        if (string.IsNullOrWhiteSpace(source))
        {
            throw new SchemaException("aggregate.from must name the model to aggregate (e.g. \"models.Sales\")", path: "aggregate.from");
        }

        if (json["fieldList"] is not JsonArray list || list.Count == 0 || list.Any(i => i?.GetValueKind() != JsonValueKind.String))
        {
            throw new SchemaException("aggregate.fieldList must list the grouping fields and aggregates, e.g. [\"region\", \"SUM(amount) as total\"]", path: "aggregate.fieldList");
        }

        try
        {
            var items = list.Select(i => GroupByItem.Parse(i!.GetValue<string>())).ToList();
            return Validated(source, Q.From(json["filter"]), items);
        }
        catch (Exception ex) when (ex is FilterException or InvalidValueException)
        {
            throw new SchemaException($"aggregate: {ex.Message}", path: "aggregate");
        }
    }

    /// <summary>Parses JitAi's TQL form (a subset: Select, F, Formula, From, Where, GroupBy); errors are <see cref="SchemaException"/>s.</summary>
    public static AggregateDefinition FromTql(string tql)
    {
        ArgumentNullException.ThrowIfNull(tql);
        try
        {
            return TqlAggregate.Parse(tql);
        }
        catch (Exception ex) when (ex is TqlSyntaxException or FilterException or InvalidValueException)
        {
            throw new SchemaException($"dbTable: {ex.Message}", path: "dbTable");
        }
    }

    internal static AggregateDefinition Validated(string source, Q? filter, IReadOnlyList<GroupByItem> items)
    {
        if (items.Count == 0)
        {
            throw new InvalidValueException(null, "an aggregate needs at least one field");
        }

        var duplicate = items.GroupBy(i => i.Key, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? new AggregateDefinition(source, filter, items)
            : throw new InvalidValueException(null, $"two fields have the name '{duplicate.Key}'; give one an alias");
    }
}
