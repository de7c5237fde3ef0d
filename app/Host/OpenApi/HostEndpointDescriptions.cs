using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Elements.Host.OpenApi;

/// <summary>
/// How this app's own endpoints appear in the OpenAPI document beside the element API: a tag with a description, a
/// summary, their JSON answer and the problem answers they give, and that no credentials are needed (the page's
/// configuration is public; the profile lookup requires a filter instead).
/// </summary>
internal static class HostEndpointDescriptions
{
    public static readonly IReadOnlyDictionary<string, string> Tags = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["page"] = "The try-it page's configuration",
        ["profiles"] = "Profiles of linked WeChat users",
    };

    public static RouteHandlerBuilder Documented(this RouteHandlerBuilder builder, string tag, string summary, params int[] problemStatuses)
    {
        builder.WithTags(tag).WithSummary(summary).Produces(StatusCodes.Status200OK, contentType: "application/json").AddOpenApiOperationTransformer((operation, _, _) =>
        {
            // An empty requirement: callable without credentials.
            operation.Security = [new OpenApiSecurityRequirement()];
            return Task.CompletedTask;
        });
        foreach (var status in problemStatuses)
        {
            builder.ProducesProblem(status);
        }

        return builder;
    }

    public static void AddHostTags(this IServiceCollection services) =>
        services.Configure<OpenApiOptions>(Hosting.AspNetCore.ElementsHostExtensions.OpenApiDocumentName, o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Tags ??= new HashSet<OpenApiTag>();
            foreach (var (name, description) in Tags)
            {
                // The generator has added the endpoints' tags by name only.
                foreach (var unnamed in document.Tags.Where(t => t.Name == name).ToList())
                {
                    document.Tags.Remove(unnamed);
                }

                document.Tags.Add(new OpenApiTag { Name = name, Description = description });
            }

            return Task.CompletedTask;
        }));
}
