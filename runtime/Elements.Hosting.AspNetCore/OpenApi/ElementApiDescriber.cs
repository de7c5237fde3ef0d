using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Elements.Definitions;
using Elements.Invocation;
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

    /// <summary>The element API alone as an OpenAPI 3.1 JSON document in UTF-8 (<c>elements openapi</c>).</summary>
    /// <param name="indented">For people and diffs; the host serves it terse.</param>
    public ReadOnlyMemory<byte> DescribeAsUtf8Json(bool indented = true)
    {
        var document = new OpenApiDocument { Info = new OpenApiInfo { Version = "1.0.0" } };
        Describe(document);
        return SerializeUtf8(document, indented);
    }

    /// <summary>The document as UTF-8 JSON, written straight to bytes into one buffer sized up front and handed out as
    /// it is: a megabyte-long document built as a string, or copied out of its buffer, cost up to twice the time in
    /// large-object garbage.</summary>
    public static ReadOnlyMemory<byte> SerializeUtf8(OpenApiDocument document, bool indented)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var stream = new MemoryStream(((document.Paths?.Count ?? 0) + 16) * (indented ? 3072 : 1536));
        using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 65536, leaveOpen: true))
        {
            document.SerializeAsV31(new OpenApiJsonWriter(writer, new OpenApiJsonWriterSettings { Terse = !indented }));
        }

        return stream.GetBuffer().AsMemory(0, (int)stream.Length);
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
        // Functions alike in loginRequired and declared errors answer alike: their error responses are built once.
        var byErrors = new Dictionary<string, IReadOnlyList<(string, IOpenApiResponse)>>(StringComparer.Ordinal);
        IReadOnlyList<(string, IOpenApiResponse)> errorResponses(FunctionDefinition function)
        {
            var key = (function.LoginRequired ? "1|" : "0|") + string.Join(",", function.Errors ?? []);
            if (!byErrors.TryGetValue(key, out var responses))
            {
                byErrors[key] = responses = ErrorResponses(document, function);
            }

            return responses;
        }

        // A function a Type declares is the same object in all its instances: their arguments are one named schema
        // (<c>{Type}.{function}</c>), which clients generate one type for, unless they are a model's rows.
        var shared = new Dictionary<(FunctionDefinition, Type?), string?>();
        var sharedWith = new Dictionary<string, Type?>(StringComparer.Ordinal);
        (IOpenApiSchema, bool) bodies(ElementDefinition element, FunctionDefinition function, Type? elementType, ModelRows? model)
        {
            if (model?.Reference is { } row && function.Args.Any(a => ModelShapes.Argument(a.Name, row) is not null))
            {
                return Arguments(function, elementType, row);
            }

            if (!shared.TryGetValue((function, elementType), out var name))
            {
                name = DeclaringType(element, function) is { } type ? $"{type}.{function.Name}" : null;
                // Instances with classes of their own may require other arguments: only the first class's share the name.
                if (name is not null && !sharedWith.TryAdd(name, elementType) && sharedWith[name] != elementType)
                {
                    name = null;
                }

                shared[(function, elementType)] = name;
                if (name is not null && !document.Components.Schemas.ContainsKey(name))
                {
                    document.Components.Schemas[name] = Arguments(function, elementType, null).Schema;
                }
            }

            return name is null
                ? Arguments(function, elementType, null)
                : (new OpenApiSchemaReference(name, document), ((OpenApiSchema)document.Components.Schemas[name]).Required is { Count: > 0 });
        }

        foreach (var functions in authorizer.ReachableFunctions().GroupBy(p => p.Element).OrderBy(g => g.Key.FullName, StringComparer.Ordinal))
        {
            var element = functions.Key;
            var family = element.FullName.Split('.')[0];
            tags.Add(family);
            var target = Activate(element.FullName);
            var rowSchema = target is ModelElement model ? JitAiJsonSchemas.Row(model.Schema, element.FullName) : null;
            var rows = rowSchema is null ? null : RowReference(document, element.FullName, rowSchema);
            var shapes = target is ModelElement or AggrModelElement ? new ModelRows(rows, rowSchema) : null;
            foreach (var function in functions.Select(p => p.Function).OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                var operation = Operation(document, element, function, family, permissions[$"{element.FullName}.{function.Name}"], target?.GetType(), shapes,
                    errorResponses, bodies);
                document.Paths[PathOf(element.FullName, function.Name)] = new OpenApiPathItem
                {
                    Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Post] = operation },
                };
            }
        }

        document.Tags ??= new HashSet<OpenApiTag>();
        foreach (var tag in tags)
        {
            document.Tags.Add(new OpenApiTag { Name = tag, Description = $"Elements of the {tag} family" });
        }
    }

    private OpenApiOperation Operation(OpenApiDocument document, ElementDefinition element, FunctionDefinition function, string family,
        FunctionPermission permission, Type? elementType, ModelRows? model, Func<FunctionDefinition, IReadOnlyList<(string Status, IOpenApiResponse Response)>> errorResponses,
        Func<ElementDefinition, FunctionDefinition, Type?, ModelRows?, (IOpenApiSchema Schema, bool Required)> bodies)
    {
        var (body, bodyRequired) = bodies(element, function, elementType, model);
        var operation = new OpenApiOperation
        {
            OperationId = $"{element.FullName}.{function.Name}",
            Summary = function.Title ?? function.Name,
            Description = Who(function, permission),
            Tags = new HashSet<OpenApiTagReference> { new(family, document) },
            RequestBody = new OpenApiRequestBody
            {
                Required = bodyRequired,
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
                            Schema = (model is null ? null : ModelShapes.Result(function.Name, model.Reference, model.Schema)) ?? Generic(function),
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

        foreach (var (status, response) in errorResponses(function))
        {
            operation.Responses[status] = response;
        }

        operation.Responses["default"] = new OpenApiResponseReference(ProblemSchema, document);
        return operation;
    }

    /// <summary>The body: an object of the declared arguments, required where the call must name them.</summary>
    private static (OpenApiSchema Schema, bool Required) Arguments(FunctionDefinition function, Type? elementType, IOpenApiSchema? row)
    {
        var body = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal),
            AdditionalPropertiesAllowed = false,
        };
        var required = ElementInvoker.GetRequiredArguments(elementType, function);
        foreach (var arg in function.Args)
        {
            body.Properties[arg.Name] = row is not null && ModelShapes.Argument(arg.Name, row) is { } typed
                ? typed
                : JitAiJsonSchemas.ForDataType(arg.DataType, arg.Title, arg.Options);
            if (required.Contains(arg.Name))
            {
                (body.Required ??= new HashSet<string>(StringComparer.Ordinal)).Add(arg.Name);
            }
        }

        return (body, body.Required is { Count: > 0 });
    }

    /// <summary>The Type (or Meta) that declares <paramref name="function"/> for <paramref name="element"/> when it
    /// inherits it, the farthest up its type chain holding that same declaration; null when the element declares it.</summary>
    private string? DeclaringType(ElementDefinition element, FunctionDefinition function)
    {
        string? declaring = null;
        var depth = 0;
        for (var type = element.Type; !string.IsNullOrEmpty(type) && depth++ < 64 && app.TryGetElementDefine(type, out var definition);)
        {
            if (!definition.Functions.Any(f => ReferenceEquals(f, function)))
            {
                break;
            }

            declaring = definition.FullName;
            type = definition.Type;
        }

        return declaring;
    }

    private List<(string, IOpenApiResponse)> ErrorResponses(OpenApiDocument document, FunctionDefinition function)
    {
        var common = OperationErrors.Common(function.LoginRequired, hostOptions.Value.ErrorStatuses).ToDictionary(g => g.Status, g => g.Codes);
        return
        [
            .. OperationErrors.Of(function, hostOptions.Value.ErrorStatuses).Select(e => (e.Status.ToString(CultureInfo.InvariantCulture),
                // Most statuses carry the codes of every call alike: one shared response each keeps the document small.
                common.TryGetValue(e.Status, out var shared) && shared.SequenceEqual(e.Codes)
                    ? (IOpenApiResponse)new OpenApiResponseReference(CommonResponseName(e.Status, function.LoginRequired), document)
                    : DeclaredResponse(document, e.Status, e.Codes))),
        ];
    }

    /// <summary>A function's own code set at a status, one shared response (and schema) for every function declaring it.</summary>
    private static OpenApiResponseReference DeclaredResponse(OpenApiDocument document, int status, IReadOnlyList<string> codes)
    {
        var name = DeclaredProblemName(status, codes);
        if (!document.Components!.Responses!.ContainsKey(name))
        {
            document.Components.Responses[name] = ProblemResponse(document, ReasonPhrases.GetReasonPhrase(status), name, codes);
        }

        return new OpenApiResponseReference(name, document);
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

    /// <summary>The element's object, activated once per element (the host activates it on first call anyway), or null
    /// when it has no class or cannot activate: then its declaration alone describes it, and calling it reports why.</summary>
    private object? Activate(string fullName)
    {
        try
        {
            return app.GetElement(fullName);
        }
        catch (ElementException)
        {
            return null;
        }
    }

    /// <summary>A model's row: a reference and the schema itself (null for an aggregate model, whose columns its definition decides).</summary>
    private sealed record ModelRows(OpenApiSchemaReference? Reference, OpenApiSchema? Schema);

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
