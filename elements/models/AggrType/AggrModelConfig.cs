using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Elements.Data.Aggregation;
using Elements.Data.Errors;

namespace Elements.Std.Models;

/// <summary>
/// Config of a <c>models.AggrType</c> instance: what it aggregates, as JitAi's TQL in <c>dbTable</c> or as JSON in
/// <c>aggregate</c> (exactly one of them), and optionally its output <c>fields</c> with titles and data types.
/// Checked when the app loads.
/// </summary>
public sealed class AggrModelConfig : IValidatableObject
{
    /// <summary>JitAi's form: <c>Select([F('region'), F(Formula("COLSUM(F('amount'))"), 'total')], From(['models.Sales']), GroupBy(F('region')))</c>.</summary>
    public string? DbTable { get; set; }

    /// <summary>JSON form: <c>{"from": "models.Sales", "filter": "Q(status='paid')", "fieldList": ["region", "SUM(amount) as total"]}</c>.</summary>
    public JsonObject? Aggregate { get; set; }

    /// <summary>
    /// Output fields as JitAi declares them (name, title, dataType); when given they must name exactly the aggregate's
    /// results. The values' types follow from the aggregate (see the type's README), whatever dataType says.
    /// </summary>
    public JsonArray? Fields { get; set; }

    /// <summary>Parses the definition; throws <see cref="SchemaException"/> (DB_SCHEMA) naming the key at fault.</summary>
    public AggregateDefinition ToDefinition() => (DbTable, Aggregate) switch
    {
        (null, null) => throw new SchemaException("an aggregate model declares dbTable (JitAi's TQL) or aggregate (JSON)", path: "dbTable"),
        ({ }, { }) => throw new SchemaException("declare either dbTable or aggregate, not both", path: "aggregate"),
        ({ } tql, null) => AggregateDefinition.FromTql(tql),
        (null, { } json) => AggregateDefinition.FromJson(json),
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        try
        {
            var definition = ToDefinition();
            return FieldsProblem(definition) is { } problem ? [new ValidationResult(problem, [nameof(Fields)])] : [];
        }
        catch (SchemaException ex)
        {
            return [new ValidationResult(ex.Message, [ex.Path ?? nameof(DbTable)])];
        }
    }

    private string? FieldsProblem(AggregateDefinition definition)
    {
        if (Fields is null)
        {
            return null;
        }

        var declared = Fields.Select(f => (string?)(f as JsonObject)?["name"]).ToList();
        var results = definition.FieldList.Select(i => i.Key).ToList();
        return declared.Order(StringComparer.Ordinal).SequenceEqual(results.Order(StringComparer.Ordinal))
            ? null
            : $"fields ({string.Join(", ", declared)}) must name exactly the aggregate's results ({string.Join(", ", results)})";
    }
}
