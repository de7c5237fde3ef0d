using Microsoft.OpenApi;

namespace Elements.Hosting.AspNetCore.OpenApi;

/// <summary>A model's row: a reference and the schema itself (null for an aggregate model, whose columns its definition decides).</summary>
internal sealed record ModelRows(OpenApiSchemaReference? Reference, OpenApiSchema? Schema);
