using System.Text.Json;
using System.Text.Json.Nodes;
using Elements.Data.Errors;

namespace Elements.Data.Schema;

/// <summary>
/// The relation parameters of a RelateData, MultiRelateData or SubTable field (JitAi's names): <c>generic</c> is the
/// related model's full name; <c>relateField</c> is, for RelateData, the related model's key field (default its
/// primary key) and, for MultiRelateData/SubTable, the related (child) model's RelateData field pointing back here.
/// </summary>
public sealed record RelationDefinition
{
    public const int MaxLevel = 5;

    public required string Generic { get; init; }

    public string? RelateField { get; init; }

    /// <summary>RelateData only: the column type, Integer (JitAi's AutoInt/Integer, default) or Stext.</summary>
    public DataType RelateFieldType { get; init; } = DataType.Integer;

    /// <summary>RelateData only: the referential action of the foreign key.</summary>
    public RelationDeleteAction OnDelete { get; init; } = RelationDeleteAction.Restrict;

    private static readonly string[] Keys = ["generic", "relateField", "relateFieldType", "onDelete"];

    /// <summary>True for the data types whose fields carry a relation.</summary>
    public static bool IsRelational(DataType type) => type is DataType.RelateData or DataType.MultiRelateData or DataType.SubTable;

    /// <summary>True for the relational types without a column (their values are lists of other models' rows).</summary>
    public static bool IsList(DataType type) => type is DataType.MultiRelateData or DataType.SubTable;

    /// <summary>The scalar field a RelateData column stores: same name, the key's type.</summary>
    public FieldDefinition KeyColumn(FieldDefinition field) => new()
    {
        Name = field.Name,
        Title = field.Title,
        DataType = RelateFieldType,
        MaxLen = RelateFieldType == DataType.Stext ? field.MaxLen : null,
    };

    /// <summary>Reads the relation keys of a field's JSON; null when the field has none (checked by the schema).</summary>
    internal static RelationDefinition? Parse(JsonObject o, string field, DataType type)
    {
        if (!IsRelational(type))
        {
            var stray = Keys.FirstOrDefault(k => o[k] is not null);
            return stray is null ? null : throw new SchemaException($"'{stray}' is only allowed on RelateData, MultiRelateData and SubTable fields.", field);
        }

        var generic = Text(o, "generic", field);
        if (string.IsNullOrWhiteSpace(generic))
        {
            throw new SchemaException($"{type} needs 'generic': the full name of the related model (e.g. models.Customer).", field);
        }

        var relateField = Text(o, "relateField", field);
        if (IsList(type) && string.IsNullOrWhiteSpace(relateField))
        {
            throw new SchemaException($"{type} needs 'relateField': the related model's RelateData field that points to this model.", field);
        }

        var keyType = DataType.Integer;
        var onDelete = RelationDeleteAction.Restrict;
        if (type == DataType.RelateData)
        {
            keyType = Text(o, "relateFieldType", field) switch
            {
                null or "AutoInt" or "Integer" => DataType.Integer,
                "Stext" => DataType.Stext,
                var other => throw new SchemaException($"relateFieldType '{other}' is not supported (AutoInt, Integer or Stext).", field),
            };
            onDelete = Text(o, "onDelete", field) switch
            {
                null or "restrict" => RelationDeleteAction.Restrict,
                "cascade" => RelationDeleteAction.Cascade,
                "setNull" => RelationDeleteAction.SetNull,
                var other => throw new SchemaException($"onDelete '{other}' is not supported (restrict, cascade or setNull).", field),
            };
        }
        else
        {
            foreach (var k in new[] { "relateFieldType", "onDelete" })
            {
                if (o[k] is not null)
                {
                    throw new SchemaException($"'{k}' is only allowed on RelateData fields.", field);
                }
            }
        }

        return new RelationDefinition { Generic = generic, RelateField = relateField, RelateFieldType = keyType, OnDelete = onDelete };
    }

    private static string? Text(JsonObject o, string key, string field) => o[key] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw new SchemaException($"'{key}' must be a string.", field),
    };
}
