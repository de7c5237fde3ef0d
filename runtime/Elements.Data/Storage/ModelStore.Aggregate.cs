using Elements.Data.Aggregation;
using Elements.Data.Schema;

namespace Elements.Data.Storage;

/// <summary>Aggregate models: a read-only store over the rows an <see cref="AggregateDefinition"/> computes.</summary>
public sealed partial class ModelStore
{
    private ModelStore(ModelStore source, ModelSchema schema, string from, IReadOnlyList<(object? Value, FieldDefinition? Field)> seed, string keyOrder)
    {
        Database = source.Database;
        Schema = schema;
        _d = source._d;
        _table = from;
        _allColumns = string.Join(", ", schema.Fields.Select(f => _d.Quote(f.Name)));
        _pkColumn = _d.Quote(schema.PrimaryKey.Name);
        _keyOrder = keyOrder;
        _seed = seed;
        _readOnly = true;
    }

    /// <summary>True for an aggregate's store, whose rows are computed: every write is DB_READ_ONLY.</summary>
    public bool IsReadOnly => _readOnly;

    /// <summary>
    /// A read-only store whose rows are <paramref name="definition"/>'s groups of <paramref name="source"/>'s rows: the
    /// grouping is one subquery in the FROM of each statement, so filters, orders, pages, groupBy and statistics on
    /// the results work as on a table, in one statement, and nothing is stored. <paramref name="source"/> may itself be
    /// an aggregate's store. Each result row has one field per entry (<see cref="GroupByItem.Key"/>), typed as groupBy
    /// types it; rows are ordered by the grouping entries unless an orderList says otherwise.
    /// </summary>
    public static ModelStore Aggregate(ModelStore source, string name, AggregateDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(definition);
        if (source.Owner is not null)
        {
            throw new ArgumentException("An aggregate reads every row of its source; give it the unscoped store.", nameof(source));
        }

        var plan = source.PlanGroups(definition.FieldList, null);
        var ps = source.Parameters();
        var inner = $"SELECT {plan.Select} FROM {plan.From(source, definition.Filter, ps)}{plan.GroupBy}";
        var outputs = plan.Columns.Select(c => c.Output).ToList();
        var groups = plan.Columns.Where(c => !c.Item.IsAggregate).Select(c => c.Output).ToList();
        var d = source._d;
        var keyOrder = string.Join(", ", (groups.Count == 0 ? outputs.Take(1) : groups).Select(f => d.Quote(f.Name) + " ASC" + d.NullsOrder(descending: false)));
        var schema = ModelSchema.Computed(name, outputs, groups.Count == 0 ? outputs[0] : groups[0]);
        return new ModelStore(source, schema, $"({inner}) AS {d.Quote("agg")}", ps.Values, keyOrder);
    }
}
