using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Elements.Data.Errors;
using Elements.Data.Schema;

namespace Elements.Std.Models;

/// <summary>
/// Config of a <c>models.NormalType</c> instance (the keys of its e.json/config file). The schema is validated when the
/// app loads, so a bad field name or an unknown data type is a load error, not a surprise at the first query.
/// </summary>
public sealed class ModelConfig : IValidatableObject
{
    /// <summary>Full name of the database element; default: <c>settings.defaultElement.defaultDatabase</c>, else <c>databases.Default</c>.</summary>
    public string? Db { get; set; }

    /// <summary>Table name; default: the model's full name with dots replaced by underscores (<c>models.Todo</c> → <c>models_Todo</c>).</summary>
    public string? Table { get; set; }

    public JsonArray? Fields { get; set; }

    public JsonArray? UnionUniqueList { get; set; }

    public JsonArray? UnionIndexList { get; set; }

    /// <summary>
    /// The Integer field holding the user a row belongs to (e.g. <c>userId</c>). When set, a remote caller whose row
    /// permission on the model is <c>own</c> sees and changes only its rows, and its creates are stamped with it.
    /// </summary>
    public string? OwnerField { get; set; }

    /// <summary>Parses the schema; throws <see cref="SchemaException"/> (DB_SCHEMA).</summary>
    public ModelSchema ToSchema(string defaultTable, string? title)
    {
        var json = new JsonObject
        {
            ["table"] = Table ?? defaultTable,
            ["title"] = title,
            ["fields"] = Fields?.DeepClone(),
            ["unionUniqueList"] = UnionUniqueList?.DeepClone(),
            ["unionIndexList"] = UnionIndexList?.DeepClone(),
        };
        return ModelSchema.FromJson(json);
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        try
        {
            // The real default table depends on the element's full name, unknown here; any valid name checks the rest.
            var schema = ToSchema("model_check", null);
            return OwnerFieldProblem(schema) is { } problem ? [new ValidationResult(problem, [nameof(OwnerField)])] : [];
        }
        catch (SchemaException ex)
        {
            // The path (fields[3].maxlen) lets the loader point at the key's file(line,col).
            return [new ValidationResult(ex.Message, [ex.Path ?? (ex.Field is null ? nameof(Table) : nameof(Fields))])];
        }
    }

    private string? OwnerFieldProblem(ModelSchema schema)
    {
        if (OwnerField is null)
        {
            return null;
        }

        var field = schema.FindField(OwnerField);
        if (field is null)
        {
            return $"ownerField '{OwnerField}' is not a field of the model; fields: {string.Join(", ", schema.Fields.Select(f => f.Name))}";
        }

        return field.DataType != Elements.Data.Schema.DataType.Integer || field.PrimaryKey
            ? $"ownerField '{OwnerField}' must be a non-key Integer field (it holds the owner's userId), not {(field.PrimaryKey ? "the primary key" : field.DataType.ToString())}"
            : null;
    }
}
