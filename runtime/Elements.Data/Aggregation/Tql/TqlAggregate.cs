using Elements.Data.Filters;

namespace Elements.Data.Aggregation.Tql;

/// <summary>
/// Turns the TQL of an aggregate model's <c>dbTable</c> into an <see cref="AggregateDefinition"/>. Supported, as JitAi's
/// aggregation examples write them: <c>Select([F(...), ...], From(...), Where(...), GroupBy(...))</c>;
/// <c>F('field')</c>, <c>F('t1.field', 'alias')</c>, <c>F(Formula("COLSUM(F('amount'))"), 'alias')</c> (one aggregate or
/// date part per Formula: COLSUM, COLAVG, COLMAX, COLMIN, COUNT, COUNT_DISTINCT, SUM, AVG, MIN, MAX, YEAR, MONTH, WEEK, DAY);
/// <c>From("models.X")</c>, <c>From(["models.X", "t1"])</c>; <c>Where(Q(...), ...)</c> (ANDed);
/// <c>GroupBy(F("region"), "month")</c>, which must name exactly the non-aggregate fields. Joins, unions, Having,
/// OrderBy and Limit are refused with a clear error (order and page when querying the model instead).
/// </summary>
internal static class TqlAggregate
{
    private static readonly string[] Unsupported = ["LeftJoin", "RightJoin", "InnerJoin", "FullJoin", "On", "Union", "UnionAll", "Having", "OrderBy", "Limit"];

    public static AggregateDefinition Parse(string tql)
    {
        if (TqlReader.Read(tql) is not TqlCall { Name: "Select" } select || select.Args.Count == 0)
        {
            throw new TqlSyntaxException("an aggregate model's dbTable is one Select(...)");
        }

        if (select.Args[0] is not TqlList fieldNodes)
        {
            throw new TqlSyntaxException("Select's first argument is the list of fields: Select([F('region'), ...], From(...))");
        }

        string? source = null;
        string? alias = null;
        var filters = new List<Q>();
        List<string>? groupBy = null;
        foreach (var clause in select.Args.Skip(1))
        {
            switch (clause)
            {
                case TqlCall { Name: "From" } from:
                    (source, alias) = From(from);
                    break;
                case TqlCall { Name: "Where" } where:
                    filters.AddRange(where.Args.Select(a => Q.Parse(StripQuoted(tql[a.Start..a.End], alias))));
                    break;
                case TqlCall { Name: "GroupBy" } group:
                    groupBy = [.. group.Args.Select(a => Name(a, alias))];
                    break;
                case TqlCall call when Unsupported.Contains(call.Name, StringComparer.Ordinal):
                    throw new TqlSyntaxException($"{call.Name} is not supported in an aggregate model (supported: Select, F, Formula, From, Where, GroupBy)");
                default:
                    throw new TqlSyntaxException($"unexpected Select argument at position {clause.Start}");
            }
        }

        if (source is null)
        {
            throw new TqlSyntaxException("Select needs a From(\"models.X\")");
        }

        var items = fieldNodes.Items.Select(f => Field(f, alias)).ToList();
        CheckGroups(items, groupBy ?? []);
        var filter = filters.Count switch
        {
            0 => null,
            1 => filters[0],
            _ => Q.And([.. filters]),
        };
        return AggregateDefinition.Validated(source, filter, items);
    }

    private static (string Source, string? Alias) From(TqlCall from)
    {
        if (from.Args.Count != 1)
        {
            throw new TqlSyntaxException("joins are not supported in an aggregate model: From takes one model (a relation path such as customer__region reaches related models)");
        }

        return from.Args[0] switch
        {
            TqlString s => (s.Value, null),
            TqlList { Items: [TqlString s] } => (s.Value, null),
            TqlList { Items: [TqlString s, TqlString a] } => (s.Value, a.Value),
            TqlList { Items: [TqlCall { Name: "Select" }, ..] } => throw new TqlSyntaxException("a subquery in From is not supported; declare it as its own aggregate model and name that model"),
            _ => throw new TqlSyntaxException("From takes a model name: From(\"models.X\") or From([\"models.X\", \"t1\"])"),
        };
    }

    private static GroupByItem Field(TqlNode node, string? alias)
    {
        if (node is not TqlCall { Name: "F" } f || f.Args.Count is < 1 or > 3)
        {
            throw new TqlSyntaxException($"each field is F(content, alias) (at position {node.Start})");
        }

        var name = f.Args.Count > 1 ? f.Args[1] is TqlString a ? a.Value : throw new TqlSyntaxException("F's alias is a string") : null;
        var asAlias = name is null ? "" : " as " + name;
        return f.Args[0] switch
        {
            TqlString field => GroupByItem.Parse(Strip(field.Value, alias) + asAlias),
            TqlCall { Name: "Formula", Args: [TqlString formula] } => GroupByItem.Parse(Strip(formula.Value, alias) + asAlias),
            _ => throw new TqlSyntaxException($"F takes a field name or Formula(\"...\") (at position {f.Start})"),
        };
    }

    private static string Name(TqlNode node, string? alias) => node switch
    {
        TqlString s => Strip(s.Value, alias),
        TqlCall { Name: "F", Args: [TqlString s] } => Strip(s.Value, alias),
        _ => throw new TqlSyntaxException($"GroupBy takes F(\"field\") or \"field\" (at position {node.Start})"),
    };

    /// <summary>Drops the From alias from a qualified name (<c>t1.amount</c> → <c>amount</c>), also inside a Formula.</summary>
    private static string Strip(string text, string? alias) => alias is null ? text : text.Replace(alias + ".", "", StringComparison.Ordinal);

    /// <summary>In a Q expression, only field names (quoted, at the start of the string) lose the alias.</summary>
    private static string StripQuoted(string text, string? alias) => alias is null
        ? text
        : text.Replace("'" + alias + ".", "'", StringComparison.Ordinal).Replace("\"" + alias + ".", "\"", StringComparison.Ordinal);

    private static void CheckGroups(List<GroupByItem> items, List<string> groupBy)
    {
        foreach (var name in groupBy)
        {
            if (!items.Any(i => !i.IsAggregate && (i.Key == name || (i.DatePart is null && i.Field == name))))
            {
                throw new TqlSyntaxException($"GroupBy names '{name}', which is not one of the non-aggregate fields of the Select");
            }
        }

        foreach (var item in items.Where(i => !i.IsAggregate))
        {
            if (!groupBy.Any(n => item.Key == n || (item.DatePart is null && item.Field == n)))
            {
                throw new TqlSyntaxException($"'{item.Key}' is selected but neither aggregated nor in GroupBy");
            }
        }
    }
}
