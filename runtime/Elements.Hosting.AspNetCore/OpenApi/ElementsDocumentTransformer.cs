using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Elements.Hosting.AspNetCore.OpenApi;

/// <summary>
/// Puts the element API (<see cref="ElementApiDescriber"/>) into the document ASP.NET Core generates for the host's
/// endpoints. The catch-all route that serves element functions is left out: it is an implementation, not an operation.
/// </summary>
internal sealed class ElementsDocumentTransformer(ElementApiDescriber describer) : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Paths ??= [];
        foreach (var key in document.Paths.Keys.Where(k => k.StartsWith("/api/{orgId}", StringComparison.Ordinal)).ToList())
        {
            document.Paths.Remove(key);
        }

        describer.Describe(document);
        // The catch-all route's tag goes with it.
        var used = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []).SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>())
            .Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var unused in document.Tags?.Where(t => t.Name is null || !used.Contains(t.Name)).ToList() ?? [])
        {
            document.Tags!.Remove(unused);
        }
        return Task.CompletedTask;
    }
}
