using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace Elements.Hosting.AspNetCore.OpenApi;

/// <summary>
/// RFC 7807 problem details in the document: the one schema (<see cref="ElementApiDescriber.ProblemSchema"/>), the
/// responses of the codes every call can meet (<c>Problem400</c>, <c>Problem401</c>, ...) and those of a function's own
/// code sets (<c>Problem422_xxxxxxxx</c>), each a named component so clients generate one type per code set.
/// </summary>
internal static class ProblemResponses
{
    public static OpenApiSchema Schema() => new()
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

    /// <summary>A problem response whose <c>code</c> is one of <paramref name="codes"/> (any, when null). The schema is a
    /// named component (<paramref name="schemaName"/>), so client generators make one error type per code set rather
    /// than one per operation and status.</summary>
    public static OpenApiResponse Response(OpenApiDocument document, string description, string schemaName, IReadOnlyList<string>? codes)
    {
        if (codes is not null)
        {
            document.Components!.Schemas![schemaName] = new OpenApiSchema
            {
                Description = "Problem details with one of the codes: " + string.Join(", ", codes),
                AllOf =
                [
                    new OpenApiSchemaReference(ElementApiDescriber.ProblemSchema, document),
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

    /// <summary>A function's own code set at a status, one shared response (and schema) for every function declaring it.</summary>
    public static OpenApiResponseReference Declared(OpenApiDocument document, int status, IReadOnlyList<string> codes)
    {
        var name = DeclaredName(status, codes);
        if (!document.Components!.Responses!.ContainsKey(name))
        {
            document.Components.Responses[name] = Response(document, ReasonPhrases.GetReasonPhrase(status), name, codes);
        }

        return new OpenApiResponseReference(name, document);
    }

    /// <summary>Only 401 differs with <c>loginRequired</c> (EL_UNAUTHENTICATED); the other statuses share one name.</summary>
    public static string CommonName(int status, bool loginRequired) =>
        FormattableString.Invariant($"Problem{status}{(loginRequired && status == StatusCodes.Status401Unauthorized ? "LoginRequired" : "")}");

    /// <summary>The name of a function's own code set at a status: stable for the same codes, whichever functions share them.</summary>
    private static string DeclaredName(int status, IReadOnlyList<string> codes) => FormattableString.Invariant(
        $"Problem{status}_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(",", codes))))[..8]}");
}
