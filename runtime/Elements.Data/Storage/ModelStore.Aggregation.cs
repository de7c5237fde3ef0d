using System.Globalization;
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
        var plan = PlanGroups(fieldList, orderList);
        return RunAsync(LeaseKind.Read, async lease =>
        {
            var ps = Parameters();
            var rows = new JsonArray();
            await using (var cmd = Command(lease, plan.Sql(this, filter, page, size, ps), ps))
            await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var row = new JsonObject();
                    for (var i = 0; i < plan.Columns.Count; i++)
                    {
                        var value = reader.GetValue(i);
                        row[plan.Columns[i].Output.Name] = value is DBNull ? null : ValueCodec.ToJson(plan.Columns[i].Output, plan.Columns[i].Prepare(value));
                    }

                    rows.Add(row);
                }
            }

            long total = rows.Count;
            if (size is not null && (rows.Count == size || (page ?? 1) > 1))
            {
                var countPs = Parameters();
                total = await ScalarAsync(lease, plan.CountSql(this, filter, countPs), countPs, cancellationToken).ConfigureAwait(false);
            }

            return new QueryResult(rows, total);
        }, cancellationToken);
    }

    /// <summary>
    /// <see cref="GroupByAsync(Q?, IReadOnlyList{GroupByItem}, IReadOnlyList{OrderBy}?, int?, int?, CancellationToken)"/>
    /// mapped by Dapper onto <typeparamref name="T"/> (result keys to properties). Values have the CLR types of typed
    /// queries: a grouped field or MIN/MAX its field's, COUNT and date parts <c>long</c>, SUM its field's number type,
    /// AVG <c>decimal</c>.
    /// </summary>
    public Task<IReadOnlyList<T>> GroupByAsync<T>(Q? filter, IReadOnlyList<GroupByItem> fieldList, IReadOnlyList<OrderBy>? orderList = null,
        int? page = null, int? size = null, CancellationToken cancellationToken = default)
    {
        var plan = PlanGroups(fieldList, orderList);
        var outputs = plan.Columns.Select(c => c.Output).ToList();
        return RunAsync(LeaseKind.Read, async lease =>
        {
            var ps = Parameters();
            await using var cmd = Command(lease, plan.Sql(this, filter, page, size, ps), ps);
            await using var reader = new SchemaDataReader(await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false), outputs,
                (i, value) => plan.Columns[i].Prepare(value));
            var rows = new List<T>();
            Func<System.Data.Common.DbDataReader, T>? parse = null;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                parse ??= Dapper.SqlMapper.GetRowParser<T>(reader);
                rows.Add(parse(reader));
            }

            return (IReadOnlyList<T>)rows;
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
            var ps = Parameters();
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

    private GroupPlan PlanGroups(IReadOnlyList<GroupByItem> items, IReadOnlyList<OrderBy>? orderList)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            throw new InvalidValueException(null, "groupBy needs at least one entry in fieldList");
        }

        var duplicate = items.GroupBy(i => i.Key, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidValueException(null, $"two groupBy entries have the key '{duplicate.Key}'; give one an alias ('... as name')");
        }

        // Relation paths (customer__region) join their models into the grouping statement, as in query.
        var joins = items.Any(i => i.Field is { } f && JoinPlan.IsPath(Schema, f)) ? new JoinPlan(Schema, _d, _related, qualified: true) : null;
        var columns = items.Select(i => Column(i, joins)).ToList();
        var select = string.Join(", ", columns.Select(c => $"{c.Sql} AS {_d.Quote(c.Output.Name)}"));
        var grouped = columns.Where(c => !c.Item.IsAggregate).ToList();
        var groupBy = grouped.Count == 0 ? "" : " GROUP BY " + string.Join(", ", grouped.Select(c => c.Sql));

        var order = new List<string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var o in orderList ?? [])
        {
            if (!items.Any(i => i.Key == o.Field))
            {
                throw new InvalidValueException(o.Field, $"groupBy can order only by its result keys ({string.Join(", ", items.Select(i => i.Key))})");
            }

            if (used.Add(o.Field))
            {
                order.Add(_d.Quote(o.Field) + (o.Descending ? " DESC" : " ASC") + _d.NullsOrder(o.Descending));
            }
        }

        // Then by every grouping entry, so groups (and pages of them) come in a stable order.
        order.AddRange(grouped.Where(c => used.Add(c.Output.Name)).Select(c => _d.Quote(c.Output.Name) + " ASC" + _d.NullsOrder(descending: false)));
        return new GroupPlan(columns, select, groupBy, order.Count == 0 ? "" : " ORDER BY " + string.Join(", ", order), joins);
    }

    private AggregateColumn Column(GroupByItem item, JoinPlan? joins)
    {
        if (item.Field is null)
        {
            return new AggregateColumn(item, "COUNT(*)", Integer(item.Key));
        }

        var (column, field) = joins is null ? (_d.Quote(item.Field), Schema.GetField(item.Field)) : joins.Resolve(item.Field, forFilter: false);
        var clr = ValueCodec.ClrType(field);
        var asOutput = field with { Name = item.Key, PrimaryKey = false, Unique = false, DbIndex = false, Value = null };
        if (item.DatePart is { } part)
        {
            return clr == typeof(DateTime) || clr == typeof(DateOnly)
                ? new AggregateColumn(item, _d.DatePart(column, part, field), Integer(item.Key))
                : throw new InvalidValueException(field.Name, $"grouping by {part} needs a Date or Datetime field; '{field.Name}' is {field.DataType}");
        }

        var function = item.Function;
        if (function is AggregateFunction.Sum or AggregateFunction.Avg && clr != typeof(long) && clr != typeof(decimal))
        {
            throw new InvalidValueException(field.Name, $"{function.Value.SqlName()} needs a number field; '{field.Name}' is {field.DataType}");
        }

        if (function is AggregateFunction.Min or AggregateFunction.Max && (clr == typeof(bool) || field.DataType == DataType.JitDict))
        {
            throw new InvalidValueException(field.Name, $"{function.Value.SqlName()} needs an ordered field; '{field.Name}' is {field.DataType}");
        }

        return function switch
        {
            null => new AggregateColumn(item, column, asOutput),
            AggregateFunction.Count => new AggregateColumn(item, $"COUNT({column})", Integer(item.Key)),
            AggregateFunction.CountDistinct => new AggregateColumn(item, $"COUNT(DISTINCT {column})", Integer(item.Key)),
            AggregateFunction.Sum => new AggregateColumn(item, $"SUM({column})", clr == typeof(long) ? Integer(item.Key) : asOutput),
            AggregateFunction.Avg => new AggregateColumn(item, $"AVG({column})",
                new FieldDefinition { Name = item.Key, DataType = DataType.Numeric, Decimal = AverageDecimals }, Average: true),
            { } f => new AggregateColumn(item, $"{f.SqlName()}({column})", asOutput),
        };

        static FieldDefinition Integer(string name) => new() { Name = name, DataType = DataType.Integer };
    }

    // AVG leaves the field's places behind (the mean of 1 and 2 is 1.5): up to 10, within the 15 significant digits below.
    private const int AverageDecimals = 10;

    /// <summary>The statement of one groupBy call, planned once and run as the rows and, when paged, as a count.</summary>
    private sealed record GroupPlan(List<AggregateColumn> Columns, string Select, string GroupBy, string Order, JoinPlan? Joins)
    {
        public string Sql(ModelStore store, Q? filter, int? page, int? size, SqlParameters ps)
            => $"SELECT {Select} FROM {From(store, filter, ps)}{GroupBy}{Order}{Paging(page, size, ps)}";

        public string CountSql(ModelStore store, Q? filter, SqlParameters ps) => GroupBy.Length == 0
            ? "SELECT 1"
            : $"SELECT COUNT(*) FROM (SELECT 1 AS one FROM {From(store, filter, ps)}{GroupBy}) g";

        /// <summary>The source and its filter; the WHERE first, since a path in it may add a join.</summary>
        public string From(ModelStore store, Q? filter, SqlParameters ps)
        {
            var where = store.Where(filter, ps, Joins);
            return $"{store._table}{Joins?.Joins}{where}";
        }
    }

    /// <summary>A compiled fieldList entry: its SQL and the field its values are read as (named by the result key).</summary>
    private sealed record AggregateColumn(GroupByItem Item, string Sql, FieldDefinition Output, bool Average = false)
    {
        /// <summary>
        /// SQLite averages in double, PostgreSQL in numeric; both cut to 15 significant digits (what a double holds) give
        /// the same value on both databases.
        /// </summary>
        public object Prepare(object value) => Average
            ? decimal.Parse(Convert.ToDouble(value, CultureInfo.InvariantCulture).ToString("G15", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture)
            : value;
    }
}
