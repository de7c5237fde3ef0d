using System.Globalization;
using System.Text.Json.Nodes;
using Elements.Definitions;
using Elements.Invocation;
using Elements.Std.Roles;
using Microsoft.OpenApi;

namespace Elements.Hosting.AspNetCore.OpenApi;

/// <summary>
/// The operations of one document, built with what they share kept once: the arguments of a function a Type declares
/// (one schema, <c>{Type}.{function}</c>, for all its instances, which clients generate one type for; not a model's
/// row-typed ones), the error responses of functions alike in <c>loginRequired</c> and declared <c>errors</c>, and
/// the security requirements.
/// </summary>
internal sealed class OperationBuilder(ElementApp app, OpenApiDocument document, IReadOnlyDictionary<string, int> errorStatuses)
{
    private readonly OpenApiDocument _document = document;
    private readonly Dictionary<string, IReadOnlyList<(string, IOpenApiResponse)>> _byErrors = new(StringComparer.Ordinal);
    private readonly Dictionary<(FunctionDefinition, Type?), string?> _shared = [];
    private readonly Dictionary<string, Type?> _sharedWith = new(StringComparer.Ordinal);
    private readonly List<OpenApiSecurityRequirement> _loginSecurity = Security(document, loginRequired: true);
    private readonly List<OpenApiSecurityRequirement> _openSecurity = Security(document, loginRequired: false);
    private readonly OpenApiResponseReference _otherErrors = new(ElementApiDescriber.ProblemSchema, document);

    public OpenApiOperation Build(ElementDefinition element, FunctionDefinition function, string family, FunctionPermission permission,
        Type? elementType, ModelRows? model)
    {
        var (body, bodyRequired) = Body(element, function, elementType, model);
        var operation = new OpenApiOperation
        {
            OperationId = $"{element.FullName}.{function.Name}",
            Summary = function.Title ?? function.Name,
            Description = Who(function, permission),
            Tags = new HashSet<OpenApiTagReference> { new(family, _document) },
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
            Security = function.LoginRequired ? _loginSecurity : _openSecurity,
            Extensions = new Dictionary<string, IOpenApiExtension>(StringComparer.Ordinal)
            {
                [ElementApiDescriber.PermissionExtension] = new JsonNodeExtension(new JsonObject
                {
                    ["loginRequired"] = function.LoginRequired,
                    ["anonymous"] = permission.Anonymous,
                    ["authenticated"] = permission.Authenticated,
                    ["roles"] = new JsonArray([.. permission.Roles.Select(r => (JsonNode)r)]),
                }),
            },
        };

        foreach (var (status, response) in ErrorResponses(function))
        {
            operation.Responses[status] = response;
        }

        operation.Responses["default"] = _otherErrors;
        return operation;
    }

    private (IOpenApiSchema Schema, bool Required) Body(ElementDefinition element, FunctionDefinition function, Type? elementType, ModelRows? model)
    {
        if (model?.Reference is { } row && function.Args.Any(a => ModelShapes.Argument(a.Name, row) is not null))
        {
            return Arguments(function, elementType, row);
        }

        if (!_shared.TryGetValue((function, elementType), out var name))
        {
            name = DeclaringType(element, function) is { } type ? $"{type}.{function.Name}" : null;
            // Instances with classes of their own may require other arguments: only the first class's share the name.
            if (name is not null && !_sharedWith.TryAdd(name, elementType) && _sharedWith[name] != elementType)
            {
                name = null;
            }

            _shared[(function, elementType)] = name;
            if (name is not null && !_document.Components!.Schemas!.ContainsKey(name))
            {
                _document.Components.Schemas[name] = Arguments(function, elementType, null).Schema;
            }
        }

        return name is null
            ? Arguments(function, elementType, null)
            : (new OpenApiSchemaReference(name, _document), ((OpenApiSchema)_document.Components!.Schemas![name]).Required is { Count: > 0 });
    }

    private IReadOnlyList<(string, IOpenApiResponse)> ErrorResponses(FunctionDefinition function)
    {
        var key = (function.LoginRequired ? "1|" : "0|") + string.Join(",", function.Errors ?? []);
        if (!_byErrors.TryGetValue(key, out var responses))
        {
            var common = OperationErrors.Common(function.LoginRequired, errorStatuses).ToDictionary(g => g.Status, g => g.Codes);
            _byErrors[key] = responses =
            [
                .. OperationErrors.Of(function, errorStatuses).Select(e => (e.Status.ToString(CultureInfo.InvariantCulture),
                    // Most statuses carry the codes of every call alike: one shared response each keeps the document small.
                    common.TryGetValue(e.Status, out var shared) && shared.SequenceEqual(e.Codes)
                        ? (IOpenApiResponse)new OpenApiResponseReference(ProblemResponses.CommonName(e.Status, function.LoginRequired), _document)
                        : ProblemResponses.Declared(_document, e.Status, e.Codes))),
            ];
        }

        return responses;
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
        var session = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ElementApiDescriber.BearerScheme, document)] = [] };
        var signed = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ElementApiDescriber.SignatureScheme, document)] = [] };
        // An empty requirement is "no credentials": open functions take anonymous callers too.
        return loginRequired ? [session, signed] : [new OpenApiSecurityRequirement(), session, signed];
    }

    private static OpenApiSchema Generic(FunctionDefinition function) => JitAiJsonSchemas.ForDataType(function.ReturnType, null);
}
