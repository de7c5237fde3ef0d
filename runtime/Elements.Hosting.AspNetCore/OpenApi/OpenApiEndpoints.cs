using Elements.Hosting.AspNetCore.Auth;
using Microsoft.Extensions.Options;

namespace Elements.Hosting.AspNetCore.OpenApi;

/// <summary>
/// <c>GET /openapi/v1.json</c>: the host's OpenAPI document (cached per registry generation); <c>?for=me</c>, or
/// every request when <see cref="OpenApiHostOptions.FullDocument"/> is off, answers the caller's own view, decided as
/// its calls would be (bearer session, API authorization signature, or anonymous).
/// </summary>
internal static class OpenApiEndpoints
{
    public const string DocumentPath = "/openapi/v1.json";

    public static void MapElementsOpenApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(DocumentPath, GetAsync).ExcludeFromDescription();

    private static async Task<IResult> GetAsync(HttpContext context, OpenApiDocumentCache cache, CallAuthorizer authorizer, ElementApp app,
        IOptions<ElementsHostOptions> host, OpenApiSwitches switches)
    {
        var json = await cache.GetAsync(context.RequestAborted);
        var forWhom = context.Request.Query["for"];
        if (forWhom.Count == 0 && switches.FullDocument)
        {
            return Results.Bytes(json, "application/json");
        }

        if (forWhom.Count > 0 && forWhom is not ["me"])
        {
            throw new ElementException(ElementErrorCodes.InvalidArg, "'for' takes one value: me");
        }

        var mayCall = await authorizer.CallableAsync(context, host.Value.MaxBodyBytes);
        return Results.Bytes(CallerDocument.Filter(json, operationId =>
        {
            var dot = operationId.LastIndexOf('.');
            return dot > 0 && app.TryGetElementDefine(operationId[..dot], out var element)
                && element.Functions.FirstOrDefault(f => f.Name == operationId[(dot + 1)..]) is { } function
                && mayCall(element, function);
        }), "application/json");
    }
}
