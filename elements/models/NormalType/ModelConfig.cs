using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Elements.Data;

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
            ToSchema("model_check", null);
            return [];
        }
        catch (SchemaException ex)
        {
            return [new ValidationResult(ex.Message, [ex.Field is null ? nameof(Table) : nameof(Fields)])];
        }
    }
}
