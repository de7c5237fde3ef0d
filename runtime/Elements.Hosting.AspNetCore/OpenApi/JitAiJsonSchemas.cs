using System.Text.Json.Nodes;
using Elements.Data.Schema;
using Microsoft.OpenApi;

namespace Elements.Hosting.AspNetCore.OpenApi;

/// <summary>
/// JSON Schema of JitAi data types: of a function's arguments and results (by the declared <c>dataType</c>) and of a
/// model's rows (by each field's type and parameters, as the data layer reads and writes them; Elements.Data's
/// README has the wire forms).
/// </summary>
internal static class JitAiJsonSchemas
{
    /// <summary>An argument or result by its JitAi data type; <paramref name="options"/> become an enum.</summary>
    public static OpenApiSchema ForDataType(string? dataType, string? description, IReadOnlyList<string>? options = null)
    {
        var schema = dataType switch
        {
            "Integer" or "AutoInt" => Of(JsonSchemaType.Integer, "int64"),
            "Numeric" or "Money" or "Percent" => Of(JsonSchemaType.Number),
            "Checkbox" => Of(JsonSchemaType.Boolean),
            "JitDict" or "RowData" or "Address" => Of(JsonSchemaType.Object),
            "JitList" or "RowList" or "MultiDropdown" or "MultiRadio" or "File" or "Image" => Of(JsonSchemaType.Array),
            "Datetime" => Of(JsonSchemaType.String, "date-time"),
            "Date" => Of(JsonSchemaType.String, "date"),
            "Time" => Of(JsonSchemaType.String, "time"),
            "QFilter" => Of(JsonSchemaType.String),
            null => new OpenApiSchema(),
            _ => Of(JsonSchemaType.String),
        };
        schema.Description = description;
        if (options is { Count: > 0 })
        {
            // Declared options are text; a numeric or boolean argument's options are its numbers or booleans.
            schema.Enum = [.. options.Select(o => schema.Type is JsonSchemaType.String or null ? (JsonNode)o : ParseOrText(o))];
        }

        return schema;
    }

    /// <summary>A model's row: every field, each nullable but the key (a fieldList may leave any out, so none is required).</summary>
    public static OpenApiSchema Row(ModelSchema model, string fullName) => new()
    {
        Type = JsonSchemaType.Object,
        Title = model.Title ?? fullName,
        Description = $"A row of {fullName} (table {model.Table}); key {model.PrimaryKey.Name}",
        Properties = model.Fields.ToDictionary(f => f.Name, f => (IOpenApiSchema)ForField(f, nullable: !f.PrimaryKey), StringComparer.Ordinal),
    };

    public static OpenApiSchema ForField(FieldDefinition field, bool nullable)
    {
        var schema = field.DataType switch
        {
            DataType.AutoInt or DataType.Integer => Of(JsonSchemaType.Integer, "int64"),
            DataType.Numeric or DataType.Money or DataType.Percent => Of(JsonSchemaType.Number),
            DataType.Checkbox => Of(JsonSchemaType.Boolean),
            DataType.Datetime => Of(JsonSchemaType.String, "date-time"),
            DataType.Date => Of(JsonSchemaType.String, "date"),
            DataType.Time => Of(JsonSchemaType.String, "time"),
            DataType.Stext or DataType.Phone => new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = field.EffectiveMaxLen },
            DataType.Radio or DataType.Dropdown => Choice(field),
            DataType.MultiRadio or DataType.MultiDropdown => new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Items = Choice(field),
                MaxItems = field.DataType == DataType.MultiRadio || field.Limit ? NullIfUnbounded(field.EffectiveMaxCount) : null,
            },
            DataType.JitDict => Of(JsonSchemaType.Object),
            DataType.Address => new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Properties = new[] { "province", "city", "district", "detail" }
                    .ToDictionary(p => p, _ => (IOpenApiSchema)Of(JsonSchemaType.String | JsonSchemaType.Null), StringComparer.Ordinal),
            },
            DataType.File or DataType.Image => new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                MaxItems = field.EffectiveMaxCount,
                Items = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                    {
                        ["name"] = Of(JsonSchemaType.String),
                        ["url"] = Of(JsonSchemaType.String),
                        ["size"] = Of(JsonSchemaType.Number),
                        ["type"] = Of(JsonSchemaType.String),
                    },
                },
            },
            // The key of the related row, or the row itself where a read expanded it (level > 0).
            DataType.RelateData => new OpenApiSchema { AnyOf = [Of(JsonSchemaType.Integer | JsonSchemaType.String), Of(JsonSchemaType.Object)] },
            DataType.MultiRelateData or DataType.SubTable => new OpenApiSchema { Type = JsonSchemaType.Array, Items = Of(JsonSchemaType.Object) },
            _ => Of(JsonSchemaType.String),
        };
        schema.ReadOnly = field.DataType is DataType.AutoInt or DataType.Serial;
        if (nullable && schema.Enum is { Count: > 0 })
        {
            // null is no enum member: a nullable choice is "one of these, or null".
            return new OpenApiSchema { Description = field.Title, AnyOf = [schema, Of(JsonSchemaType.Null)] };
        }

        schema.Description = field.Title;
        if (nullable && schema.Type is { } type)
        {
            schema.Type = type | JsonSchemaType.Null;
        }

        return schema;
    }

    private static OpenApiSchema Choice(FieldDefinition field)
    {
        var schema = Of(JsonSchemaType.String);
        if (field.Options is { Count: > 0 } options && !field.AllowManualInput)
        {
            schema.Enum = [.. options.Select(o => (JsonNode)o.Value)];
        }

        return schema;
    }

    private static JsonNode ParseOrText(string option) =>
        long.TryParse(option, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var integer) ? integer
        : decimal.TryParse(option, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number
        : bool.TryParse(option, out var flag) ? flag
        : option;

    private static int? NullIfUnbounded(int count) => count == int.MaxValue ? null : count;

    private static OpenApiSchema Of(JsonSchemaType type, string? format = null) => new() { Type = type, Format = format };
}
