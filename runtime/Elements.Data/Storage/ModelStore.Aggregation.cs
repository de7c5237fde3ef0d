using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Elements.Data.Aggregation;
using Elements.Data.Errors;
using Elements.Data.Filters;
using Elements.Data.Schema;

namespace Elements.Data.Storage;

/// <summary>
/// Grouping and statistics (JitAi's <c>groupBy</c>, <c>aggregate</c>, <c>statisticFieldData</c>, <c>getFieldData</c>),
/// each one SQL statement, and <c>getCompareResult</c>, which tests a row in memory with the filter semantics of SQL.
/// </summary>
public sealed partial class ModelStore
{
    /// <summary>
    /// Groups the rows matching <paramref name="filter"/> by the grouping entries of <paramref name="fieldList"/> and
    /// computes its aggregates per group (all rows are one group when there is no grouping entry). Each result row has
    /// one key per entry (<see cref="GroupByItem.Key"/>). <paramref name="orderList"/> names result keys; groups are
    /// then ordered by the grouping entries. <c>totalCount</c> is the number of groups.
    /// </summary>
    public Task<QueryResult> GroupByAsync(Q? filter, IReadOnlyList<GroupByItem> fieldList, IReadOnlyList<OrderBy>? orderList = null,
        int? page = null, int? size = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fieldList);
        if (fieldList.Count == 0)
        {
            throw new InvalidValueException(null, "groupBy needs at least one entry in fieldList");
        }

        var duplicate = fieldList.GroupBy(i => i.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidValueException(null, $"two groupBy entries have the key '{duplicate.Key}'; give one an alias ('... as name')");
        }

        var columns = fieldList.Select(Column).ToList();
        var select = string.Join(", ", columns.Select((c, i) => $"{c.Sql} AS {Alias(i)}"));
        var groups = columns.Select((c, i) => (c, i)).Where(x => !x.c.Item.IsAggregate).ToList();
        var groupBy = groups.Count == 0 ? "" : " GROUP BY " + string.Join(", ", groups.Select(g => g.c.Sql));
        var order = GroupOrder(fieldList, orderList, groups.Select(g => g.i));
        return RunAsync(LeaseKind.Read, async lease =>
        {
            var ps = new SqlParameters(_d);
            var where = Where(filter, ps);
            var paging = Paging(page, size, ps);
            var sql = $"SELECT {select} FROM {_table}{where}{groupBy}{order}{paging}";
            var rows = new JsonArray();
            await using (var cmd = Command(lease, sql, ps))
            await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var row = new JsonObject();
                    for (var i = 0; i < columns.Count; i++)
                    {
                        row[columns[i].Item.Key] = columns[i].ToJson(reader.GetValue(i));
                    }

                    rows.Add(row);
                }
            }

            long total = rows.Count;
            if (size is not null && (rows.Count == size || (page ?? 1) > 1))
            {
                var countPs = new SqlParameters(_d);
                var countSql = groups.Count == 0
                    ? "SELECT 1"
                    : $"SELECT COUNT(*) FROM (SELECT 1 AS one FROM {_table}{Where(filter, countPs)}{groupBy}) g";
                total = await ScalarAsync(lease, countSql, countPs, cancellationToken).ConfigureAwait(false);
            }

            return new QueryResult(rows, total);
        }, cancellationToken);
    }

    /// <summary>One aggregate over the rows matching <paramref name="filter"/>: a number, or null (SUM, AVG, MIN, MAX
    /// of no values). COUNT of a field counts its non-null values.</summary>
    public async Task<JsonNode?> AggregateAsync(Q? filter, string aggrField, AggregateFunction aggrType, CancellationToken cancellationToken = default)
    {
        var result = await StatisticAsync(filter, [GroupByItem.Aggregate(aggrType, aggrField, "value")], cancellationToken).ConfigureAwait(false);
        return result["value"]?.DeepClone();
    }

    /// <summary>
    /// JitAi's <c>statisticFieldData(filter, fieldAggrMap)</c>: several aggregates in one statement, keyed by field
    /// (<c>{"age": "AVG", "salary": "SUM"}</c> → <c>{"age": 31.5, "salary": 12000}</c>).
    /// </summary>
    public Task<JsonObject> StatisticFieldDataAsync(Q? filter, IReadOnlyDictionary<string, AggregateFunction> fieldAggrMap,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fieldAggrMap);
        if (fieldAggrMap.Count == 0)
        {
            throw new InvalidValueException(null, "fieldAggrMap is empty");
        }

        return StatisticAsync(filter, fieldAggrMap.Select(p => GroupByItem.Aggregate(p.Value, p.Key, p.Key)).ToList(), cancellationToken);
    }

    /// <summary>
    /// JitAi's <c>getFieldData(fieldId, filter, orderList)</c>: the distinct non-null values of one field among the rows
    /// matching <paramref name="filter"/> (for drop-down options), ascending unless <paramref name="orderList"/> (which
    /// may name only that field) says otherwise.
    /// </summary>
    public Task<JsonArray> GetFieldDataAsync(string fieldId, Q? filter = null, IReadOnlyList<OrderBy>? orderList = null,
        CancellationToken cancellationToken = default)
    {
        var field = Schema.GetField(fieldId);
        var descending = false;
        foreach (var o in orderList ?? [])
        {
            if (o.Field != field.Name)
            {
                throw new InvalidValueException(o.Field, $"getFieldData returns only '{field.Name}'; its orderList can only name that field");
            }

            descending = o.Descending;
        }

        var column = _d.Quote(field.Name);
        return RunAsync(LeaseKind.Read, async lease =>
        {
            var ps = new SqlParameters(_d);
            var where = Where(filter == null ? Q.Field(field.Name, "isnull", false) : Q.And(filter, Q.Field(field.Name, "isnull", false)), ps);
            var sql = $"SELECT DISTINCT {column} FROM {_table}{where} ORDER BY {column}{(descending ? " DESC" : " ASC")}";
            var values = new JsonArray();
            await using var cmd = Command(lease, sql, ps);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                values.Add(ValueCodec.ToJson(field, reader.GetValue(0)));
            }

            return values;
        }, cancellationToken);
    }

    /// <summary>
    /// JitAi's <c>getCompareResult(q, bizRow)</c>: whether <paramref name="bizRow"/> (a row that need not be stored)
    /// matches <paramref name="filter"/>, decided in memory with the same null, range and case rules as the SQL the
    /// filter compiles to. Fields the row leaves out are null; values are checked against their data types.
    /// </summary>
    public bool GetCompareResult(Q filter, JsonObject bizRow)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(bizRow);
        return FilterEvaluator.Matches(filter, Schema, bizRow);
    }

    private async Task<JsonObject> StatisticAsync(Q? filter, IReadOnlyList<GroupByItem> aggregates, CancellationToken cancellationToken)
    {
        var result = await GroupByAsync(filter, aggregates, cancellationToken: cancellationToken).ConfigureAwait(false);
        return (JsonObject)result.RowDatas[0]!;
    }

    private static string Alias(int index) => "\"c" + index.ToString(CultureInfo.InvariantCulture) + "\"";

    private string GroupOrder(IReadOnlyList<GroupByItem> items, IReadOnlyList<OrderBy>? orderList, IEnumerable<int> groupColumns)
    {
        var parts = new List<string>();
        var used = new HashSet<int>();
        foreach (var o in orderList ?? [])
        {
            var index = items.ToList().FindIndex(i => i.Key == o.Field);
            if (index < 0)
            {
                throw new InvalidValueException(o.Field, $"groupBy can order only by its result keys ({string.Join(", ", items.Select(i => i.Key))})");
            }

            if (used.Add(index))
            {
                parts.Add(Alias(index) + (o.Descending ? " DESC" : " ASC") + _d.NullsOrder(o.Descending));
            }
        }

        parts.AddRange(groupColumns.Where(used.Add).Select(i => Alias(i) + " ASC" + _d.NullsOrder(descending: false)));
        return parts.Count == 0 ? "" : " ORDER BY " + string.Join(", ", parts);
    }

    private AggregateColumn Column(GroupByItem item)
    {
        var field = item.Field is null ? null : Schema.GetField(item.Field);
        if (field is null)
        {
            return new AggregateColumn(item, "COUNT(*)", null);
        }

        var column = _d.Quote(field.Name);
        var clr = ValueCodec.ClrType(field);
        if (item.DatePart is { } part)
        {
            if (clr != typeof(DateTime) && clr != typeof(DateOnly))
            {
                throw new InvalidValueException(field.Name, $"grouping by {part} needs a Date or Datetime field; '{field.Name}' is {field.DataType}");
            }

            return new AggregateColumn(item, _d.DatePart(column, part, field), field);
        }

        var numeric = clr == typeof(long) || clr == typeof(decimal);
        var sql = item.Function switch
        {
            null => column,
            AggregateFunction.Count => $"COUNT({column})",
            AggregateFunction.CountDistinct => $"COUNT(DISTINCT {column})",
            AggregateFunction.Sum or AggregateFunction.Avg when !numeric
                => throw new InvalidValueException(field.Name, $"{item.Function.Value.SqlName()} needs a number field; '{field.Name}' is {field.DataType}"),
            AggregateFunction.Min or AggregateFunction.Max when clr == typeof(bool) || field.DataType == DataType.JitDict
                => throw new InvalidValueException(field.Name, $"{item.Function.Value.SqlName()} needs an ordered field; '{field.Name}' is {field.DataType}"),
            { } f => $"{f.SqlName()}({column})",
        };
        return new AggregateColumn(item, sql, field);
    }

    /// <summary>A compiled fieldList entry and how its database value becomes JSON.</summary>
    private sealed record AggregateColumn(GroupByItem Item, string Sql, FieldDefinition? Field)
    {
        public JsonNode? ToJson(object value)
        {
            if (value is DBNull)
            {
                return null;
            }

            switch (Item.Function)
            {
                case AggregateFunction.Count or AggregateFunction.CountDistinct:
                    return JsonNumber.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                case AggregateFunction.Avg:
                    // SQLite averages in double, PostgreSQL in numeric; 15 significant digits make both print alike.
                    var average = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                    return JsonNumber.Create(decimal.Parse(average.ToString("G15", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture));
                case AggregateFunction.Sum when ValueCodec.ClrType(Field!) == typeof(long):
                    // PostgreSQL sums bigint as numeric, which may exceed a long; whole numbers print alike either way.
                    return JsonNumber.Create(Convert.ToDecimal(value, CultureInfo.InvariantCulture));
                default:
                    return Item.DatePart is null
                        ? ValueCodec.ToJson(Field!, value)
                        : JsonNumber.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture));
            }
        }
    }
}
