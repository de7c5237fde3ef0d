using System.Text.Json;
using System.Text.Json.Nodes;
using Elements.Data.Errors;
using Elements.Data.Storage;

namespace Elements.Data.Filters;

/// <summary>One entry of an order list; JSON form <c>["name", 1]</c> (ascending) or <c>["age", -1]</c> (descending).</summary>
public readonly record struct OrderBy(string Field, bool Descending = false)
{
    public static OrderBy Asc(string field) => new(field);

    public static OrderBy Desc(string field) => new(field, true);

    /// <summary>Parses <c>[["name", 1], ["age", -1]]</c>; null or empty means no explicit order.</summary>
    public static IReadOnlyList<OrderBy> ParseList(JsonNode? orderList)
    {
        if (orderList is null)
        {
            return [];
        }

        if (orderList is not JsonArray items)
        {
            throw new FilterException("orderList must be a list like [[\"name\", 1], [\"age\", -1]]");
        }

        var result = new List<OrderBy>(items.Count);
        foreach (var item in items)
        {
            if (item is not JsonArray { Count: 2 } pair
                || pair[0]?.GetValueKind() != JsonValueKind.String
                || pair[1]?.GetValueKind() != JsonValueKind.Number
                || !ValueCodec.TryGetDecimal(pair[1]!, out var dir) || dir is not (1 or -1))
            {
                throw new FilterException("each orderList entry must be [\"field\", 1] or [\"field\", -1]");
            }

            result.Add(new OrderBy(pair[0]!.GetValue<string>(), dir == -1));
        }
        return result;
    }
}
