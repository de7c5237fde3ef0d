using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Elements.Definitions;
using Elements.Std.ApiAuths;
using Elements.Std.Models;
using Elements.Std.Roles;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Elements.Hosting.AspNetCore.OpenApi;

/// <summary>
/// Describes the element API of the current registry in an OpenAPI document: one POST operation per function the host
/// serves (<see cref="ElementAuthorizer.ReachableFunctions"/>), <c>operationId</c> = <c>fullName.function</c>, tagged
/// by element family; the body an object of the declared arguments (required and options as declared); the result by
/// the declared return type, a model's rows by its fields (<c>components.schemas.{model}</c>); the errors by status
/// with their codes (<see cref="OperationErrors"/>); who may call it (<c>x-elements-permission</c>, the matrix of
/// <c>elements permissions</c>) and how to authenticate. The host's document transformer and <c>elements openapi</c>
/// both use it, so the served and the offline documents describe the element API alike.
/// </summary>
public sealed class ElementApiDescriber(ElementApp app, ElementAuthorizer authorizer, IOptions<ElementsHostOptions> hostOptions)
{
    public const string BearerScheme = "session";
    public const string SignatureScheme = "apiAuthorization";
    public const string ProblemSchema = "ProblemDetails";
    public const string PermissionExtension = "x-elements-permission";

    /// <summary>The URL path of a function: <c>/api/{orgId}/{appName}/{element/path}/{function}</c>.</summary>
    public string PathOf(string fullName, string function) => $"/api/{app.AppId.Replace('.', '/')}/{fullName.Replace('.', '/')}/{function}";

    /// <summary>The element API alone as an OpenAPI 3.1 JSON document (<c>elements openapi</c>).</summary>
    public string DescribeAsJson()
    {
        var document = new OpenApiDocument { Info = new OpenApiInfo { Version = "1.0.0" } };
        Describe(document);
        return Serialize(document);
    }

    public static string Serialize(OpenApiDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        document.SerializeAsV31(new OpenApiJsonWriter(text));
        return text.ToString();
    }

    public void Describe(OpenApiDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Info ??= new OpenApiInfo();
        document.Info.Title = app.AppId;
        document.Info.Description = "The element API of " + app.AppId + ": every callable element function as POST with a JSON object of named arguments.";
        if (document.Servers is not { Count: > 0 })
        {
            // Offline, the host is unknown: the API is wherever the document was fetched from.
            document.Servers = [new OpenApiServer { Url = "/", Description = "The host serving this document" }];
        }

        document.Paths ??= [];
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.Schemas[ProblemSchema] = Problem();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A session token from auths.services.AuthSvc.login",
        };
        document.Components.SecuritySchemes[SignatureScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiAuthHeaders.AccessKey,
            Description = $"An API authorization (apiAuths): the access key, with {ApiAuthHeaders.Timestamp}, {ApiAuthHeaders.Nonce} and "
                + $"{ApiAuthHeaders.Signature} (HMAC-SHA256 of method, path and body with the access secret; docs/security.md).",
        };

        document.Components.Responses ??= new Dictionary<string, IOpenApiResponse>(StringComparer.Ordinal);
        document.Components.Responses[ProblemSchema] = ProblemResponse(document, "Any other error (server faults answer 500 with a code only)", ProblemSchema, null);
        foreach (var loginRequired in new[] { false, true })
        {
            foreach (var (status, codes) in OperationErrors.Common(loginRequired, hostOptions.Value.ErrorStatuses))
            {
                var name = CommonResponseName(status, loginRequired);
                document.Components.Responses[name] = ProblemResponse(document, ReasonPhrases.GetReasonPhrase(status), name, codes);
            }
        }

        var permissions = authorizer.GetMatrix().ToDictionary(p => p.Function, StringComparer.Ordinal);
        var tags = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (element, function) in authorizer.ReachableFunctions()
            .OrderBy(p => p.Element.FullName, StringComparer.Ordinal).ThenBy(p => p.Function.Name, StringComparer.Ordinal))
        {
            var family = element.FullName.Split('.')[0];
            tags.Add(family);
            var operation = Operation(document, element, function, family, permissions[$"{element.FullName}.{function.Name}"]);
            document.Paths[PathOf(element.FullName, function.Name)] = new OpenApiPathItem
            {
                Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Post] = operation },
            };
        }

        document.Tags ??= new HashSet<OpenApiTag>();
        foreach (var tag in tags)
        {
            document.Tags.Add(new OpenApiTag { Name = tag, Description = $"Elements of the {tag} family" });
        }
    }

    private OpenApiOperation Operation(OpenApiDocument document, ElementDefinition element, FunctionDefinition function, string family,
        FunctionPermission permission)
    {
        var model = ModelOf(element.FullName);
        var rowSchema = model is { Schema: { } schema } ? JitAiJsonSchemas.Row(schema, element.FullName) : null;
        var row = rowSchema is null ? null : RowReference(document, element.FullName, rowSchema);
        var body = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal),
            AdditionalPropertiesAllowed = false,
        };
        var required = app.Invoker.GetRequiredArguments(element.FullName, function);
        foreach (var arg in function.Args)
        {
            body.Properties[arg.Name] = model is not null && row is not null && ModelShapes.Argument(arg.Name, row) is { } typed
                ? typed
                : JitAiJsonSchemas.ForDataType(arg.DataType, arg.Title, arg.Options);
            if (required.Contains(arg.Name))
            {
                (body.Required ??= new HashSet<string>(StringComparer.Ordinal)).Add(arg.Name);
            }
        }

        var operation = new OpenApiOperation
        {
            OperationId = $"{element.FullName}.{function.Name}",
            Summary = function.Title ?? function.Name,
            Description = Who(function, permission),
            Tags = new HashSet<OpenApiTagReference> { new(family, document) },
            RequestBody = new OpenApiRequestBody
            {
                Required = body.Required is { Count: > 0 },
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = body } },
            },
            Responses = new OpenApiResponses
            {
                ["200"] = new OpenApiResponse
                {
                    Description = function.ReturnType is { } type ? $"The result ({type})" : "The result",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/json"] = new()
                        {
                            Schema = model is not null ? ModelShapes.Result(function.Name, row, rowSchema) ?? Generic(function) : Generic(function),
                        },
                    },
                },
            },
            Security = Security(document, function.LoginRequired),
            Extensions = new Dictionary<string, IOpenApiExtension>(StringComparer.Ordinal)
            {
                [PermissionExtension] = new JsonNodeExtension(new JsonObject
                {
                    ["loginRequired"] = function.LoginRequired,
                    ["anonymous"] = permission.Anonymous,
                    ["authenticated"] = permission.Authenticated,
                    ["roles"] = new JsonArray([.. permission.Roles.Select(r => (JsonNode)r)]),
                }),
            },
        };

        var common = OperationErrors.Common(function.LoginRequired, hostOptions.Value.ErrorStatuses).ToDictionary(g => g.Status, g => g.Codes);
        foreach (var (status, codes) in OperationErrors.Of(function, hostOptions.Value.ErrorStatuses))
        {
            var key = status.ToString(CultureInfo.InvariantCulture);
            // Most statuses carry the codes of every call alike: one shared response each keeps the document small.
            operation.Responses[key] = common.TryGetValue(status, out var shared) && shared.SequenceEqual(codes)
                ? new OpenApiResponseReference(CommonResponseName(status, function.LoginRequired), document)
                : ProblemResponse(document, ReasonPhrases.GetReasonPhrase(status), DeclaredProblemName(status, codes), codes);
        }

        operation.Responses["default"] = new OpenApiResponseReference(ProblemSchema, document);
        return operation;
    }

    /// <summary>Only 401 differs with <c>loginRequired</c> (EL_UNAUTHENTICATED); the other statuses share one name.</summary>
    private static string CommonResponseName(int status, bool loginRequired) =>
        FormattableString.Invariant($"Problem{status}{(loginRequired && status == StatusCodes.Status401Unauthorized ? "LoginRequired" : "")}");

    private static string Who(FunctionDefinition function, FunctionPermission permission)
    {
        var who = permission.Anonymous ? "anyone"
            : permission.Authenticated ? "any signed-in user"
            : permission.Roles.Count > 0 ? "members of " + string.Join(", ", permission.Roles)
            : "no role (closed until a role opens it; API authorizations that list it)";
        return (function.LoginRequired ? "Requires a session. " : "") + "Callable by " + who + ".";
    }

    private static List<OpenApiSecurityRequirement> Security(OpenApiDocument document, bool loginRequired)
    {
        var session = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] };
        var signed = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SignatureScheme, document)] = [] };
        // An empty requirement is "no credentials": open functions take anonymous callers too.
        return loginRequired ? [session, signed] : [new OpenApiSecurityRequirement(), session, signed];
    }

    private static OpenApiSchema Generic(FunctionDefinition function) => JitAiJsonSchemas.ForDataType(function.ReturnType, null);

    /// <summary>A problem response whose <c>code</c> is one of <paramref name="codes"/> (any, when null). The schema is a
    /// named component (<paramref name="schemaName"/>), so client generators make one error type per code set rather
    /// than one per operation and status.</summary>
    private static OpenApiResponse ProblemResponse(OpenApiDocument document, string description, string schemaName, IReadOnlyList<string>? codes)
    {
        if (codes is not null)
        {
            document.Components!.Schemas![schemaName] = new OpenApiSchema
            {
                Description = "Problem details with one of the codes: " + string.Join(", ", codes),
                AllOf =
                [
                    new OpenApiSchemaReference(ProblemSchema, document),
                    new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                        {
                            ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. codes.Select(c => (JsonNode)c)] },
                        },
                    },
                ],
            };
        }

        return new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(schemaName, document) },
            },
        };
    }

    /// <summary>The name of a function's own code set at a status: stable for the same codes, whichever functions share them.</summary>
    private static string DeclaredProblemName(int status, IReadOnlyList<string> codes) => FormattableString.Invariant(
        $"Problem{status}_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(",", codes))))[..8]}");

    /// <summary>The model behind an element, when it is one; its row schema is known for data models.</summary>
    private (string FullName, Data.Schema.ModelSchema? Schema)? ModelOf(string fullName)
    {
        try
        {
            return app.GetElement(fullName) switch
            {
                ModelElement model => (fullName, model.Schema),
                AggrModelElement => (fullName, null),
                _ => null,
            };
        }
        catch (ElementException)
        {
            // An element that cannot activate is described by its declaration alone; calling it reports why.
            return null;
        }
    }

    private static OpenApiSchemaReference RowReference(OpenApiDocument document, string fullName, OpenApiSchema schema)
    {
        document.Components!.Schemas![fullName] = schema;
        return new OpenApiSchemaReference(fullName, document);
    }

    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 7807 problem details with a stable code",
        Required = new HashSet<string> { "status", "code" },
        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
            ["detail"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                // Kiota makes this the generated exception's Message.
                Extensions = new Dictionary<string, IOpenApiExtension>(StringComparer.Ordinal) { ["x-ms-primary-error-message"] = new JsonNodeExtension(true) },
            },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Stable error code (EL_FORBIDDEN, DB_BAD_FILTER, WECHAT_40029, ...)" },
            ["errcode"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "WeChat's errcode, when WeChat refused the call" },
            ["errmsg"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "WeChat's errmsg, when WeChat refused the call" },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["retryAfterSeconds"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Description = "With 429 and 503: when to try again" },
        },
    };
}
