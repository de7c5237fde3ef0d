using Elements.Definitions;
using Elements.Std.Roles;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Elements.Hosting.AspNetCore.OpenApi;

/// <summary>
/// Describes the element API in the OpenAPI document: one POST operation per function the host serves (every function
/// of a reachable element, <see cref="ElementAuthorizer.ReachableFunctions"/>), <c>operationId</c> = <c>fullName.function</c>,
/// tagged by element family, its body an object of the function's declared arguments, its errors RFC 7807 problem
/// details. The catch-all route that serves them is left out: it is an implementation, not an operation.
/// </summary>
internal sealed class ElementsDocumentTransformer(ElementApp app, ElementAuthorizer authorizer) : IOpenApiDocumentTransformer
{
    public const string BearerScheme = "session";

    public const string ProblemSchema = "ProblemDetails";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var prefix = "/api/" + app.AppId.Replace('.', '/');
        document.Info.Title = app.AppId;
        document.Paths ??= [];
        foreach (var key in document.Paths.Keys.Where(k => k.StartsWith("/api/{orgId}", StringComparison.Ordinal)).ToList())
        {
            document.Paths.Remove(key);
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchema] = Problem();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A session token from auths.services.AuthSvc.login",
        };

        foreach (var (element, function) in authorizer.ReachableFunctions().OrderBy(p => p.Element.FullName, StringComparer.Ordinal)
            .ThenBy(p => p.Function.Name, StringComparer.Ordinal))
        {
            var path = $"{prefix}/{element.FullName.Replace('.', '/')}/{function.Name}";
            document.Paths[path] = new OpenApiPathItem
            {
                Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Post] = Operation(document, element, function) },
            };
        }

        return Task.CompletedTask;
    }

    private static OpenApiOperation Operation(OpenApiDocument document, ElementDefinition element, FunctionDefinition function)
    {
        var body = new OpenApiSchema { Type = JsonSchemaType.Object, Properties = new Dictionary<string, IOpenApiSchema>(), AdditionalPropertiesAllowed = false };
        foreach (var arg in function.Args)
        {
            body.Properties[arg.Name] = ArgumentSchema(arg.DataType, arg.Title);
        }

        var family = element.FullName.Split('.')[0];
        var operation = new OpenApiOperation
        {
            OperationId = $"{element.FullName}.{function.Name}",
            Summary = function.Title ?? function.Name,
            Description = function.LoginRequired ? "Requires a session; the caller's roles must allow it." : "Open to callers whose roles allow it.",
            Tags = new HashSet<OpenApiTagReference> { new(family, document) },
            RequestBody = new OpenApiRequestBody
            {
                Required = false,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = body } },
            },
            Responses = new OpenApiResponses
            {
                ["200"] = new OpenApiResponse
                {
                    Description = function.ReturnType is { } type ? $"The result ({type})" : "The result",
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = ArgumentSchema(function.ReturnType, null) } },
                },
                ["default"] = new OpenApiResponse
                {
                    Description = "An error: RFC 7807 problem details with a stable code",
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) } },
                },
            },
        };
        if (function.LoginRequired)
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
        }

        return operation;
    }

    /// <summary>JSON Schema of an element argument or result by its JitAi data type.</summary>
    private static OpenApiSchema ArgumentSchema(string? dataType, string? title) => new()
    {
        Description = title,
        Type = dataType switch
        {
            "Integer" or "AutoInt" => JsonSchemaType.Integer,
            "Numeric" or "Money" or "Percent" => JsonSchemaType.Number,
            "Checkbox" => JsonSchemaType.Boolean,
            "JitDict" or "RowData" or "Address" => JsonSchemaType.Object,
            "JitList" or "RowList" or "MultiDropdown" or "MultiRadio" or "File" or "Image" => JsonSchemaType.Array,
            null => null,
            _ => JsonSchemaType.String,
        },
    };

    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string> { "status", "code" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Stable error code (EL_FORBIDDEN, DB_BAD_FILTER, WECHAT_40029, ...)" },
            ["errcode"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "WeChat's errcode, when WeChat refused the call" },
            ["errmsg"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "WeChat's errmsg, when WeChat refused the call" },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["retryAfterSeconds"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "With 429 and 503: when to try again" },
        },
    };
}
