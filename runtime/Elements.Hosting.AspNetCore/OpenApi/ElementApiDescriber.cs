using System.Text;
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
/// by element family (<see cref="OperationBuilder"/>), a model's rows by its fields (<c>components.schemas.{model}</c>),
/// the problem details every call may answer (<see cref="ProblemResponses"/>) and the security schemes. The host's
/// document transformer and <c>elements openapi</c> both use it, so the served and the offline documents describe the
/// element API alike.
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
        document.Components.Schemas[ProblemSchema] = ProblemResponses.Schema();
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
        document.Components.Responses[ProblemSchema] = ProblemResponses.Response(document, "Any other error (server faults answer 500 with a code only)", ProblemSchema, null);
        foreach (var loginRequired in new[] { false, true })
        {
            foreach (var (status, codes) in OperationErrors.Common(loginRequired, hostOptions.Value.ErrorStatuses))
            {
                var name = ProblemResponses.CommonName(status, loginRequired);
                document.Components.Responses[name] = ProblemResponses.Response(document, ReasonPhrases.GetReasonPhrase(status), name, codes);
            }
        }

        var permissions = authorizer.GetMatrix().ToDictionary(p => p.Function, StringComparer.Ordinal);
        var tags = new SortedSet<string>(StringComparer.Ordinal);
        var operations = new OperationBuilder(app, document, hostOptions.Value.ErrorStatuses);
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
                var operation = operations.Build(element, function, family, permissions[$"{element.FullName}.{function.Name}"], target?.GetType(), shapes);
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

    private static OpenApiSchemaReference RowReference(OpenApiDocument document, string fullName, OpenApiSchema schema)
    {
        document.Components!.Schemas![fullName] = schema;
        return new OpenApiSchemaReference(fullName, document);
    }
}
