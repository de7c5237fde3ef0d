using Microsoft.OpenApi;

namespace Elements.Hosting.AspNetCore.OpenApi;

/// <summary>
/// What the built-in model functions take and give in terms of the model's row (<c>ModelFunctions</c> documents the
/// results): rows for the writes and <c>get</c>, <c>{rowDatas, totalCount}</c> for the pages, counts, values.
/// A null row (an aggregate model, whose columns its definition decides) leaves rows as plain objects.
/// </summary>
internal static class ModelShapes
{
    public static IOpenApiSchema? Argument(string name, IOpenApiSchema row) => name switch
    {
        "rowData" or "addData" => row,
        "rowDataList" => new OpenApiSchema { Type = JsonSchemaType.Array, Items = row },
        _ => null,
    };

    /// <param name="rowSchema">The row's schema itself: <c>get</c> answers it or null, written as one nullable object
    /// rather than a union, which client generators take for a polymorphic type.</param>
    public static IOpenApiSchema? Result(string function, IOpenApiSchema? row, IOpenApiSchema? rowSchema)
    {
        var anyRow = row ?? new OpenApiSchema { Type = JsonSchemaType.Object };
        return function switch
        {
            "create" or "updateOrAdd" => anyRow,
            "get" => new OpenApiSchema
            {
                Type = JsonSchemaType.Object | JsonSchemaType.Null,
                Properties = rowSchema?.Properties is { } properties ? new Dictionary<string, IOpenApiSchema>(properties, StringComparer.Ordinal) : null,
                Description = "The first matching row, or null when none matches",
            },
            "createOrUpdateMany" or "updateByPK" => new OpenApiSchema { Type = JsonSchemaType.Array, Items = anyRow },
            "query" or "getExportData" => Page(anyRow),
            "groupBy" => Page(new OpenApiSchema { Type = JsonSchemaType.Object }),
            "deleteByPK" or "updateByFilter" or "deleteByFilter" or "resetModelData" => new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "Rows affected" },
            "aggregate" => new OpenApiSchema { Type = JsonSchemaType.Number | JsonSchemaType.Null },
            "getFieldData" => new OpenApiSchema { Type = JsonSchemaType.Array, Description = "Distinct values of the field" },
            "statisticFieldData" => new OpenApiSchema { Type = JsonSchemaType.Object, Description = "One value per field" },
            "getCompareResult" => new OpenApiSchema { Type = JsonSchemaType.Boolean },
            _ => null,
        };
    }

    private static OpenApiSchema Page(IOpenApiSchema row) => new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string> { "rowDatas", "totalCount" },
        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["rowDatas"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = row },
            ["totalCount"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
        },
    };
}
