namespace Elements.Hosting.AspNetCore.OpenApi;

/// <summary>
/// Section <c>Elements:OpenApi</c>. Unset switches follow the host's kind: on for development (the Development
/// environment, or WeChat in sandbox mode, which no production host runs), off otherwise, so a production host shows
/// a caller only what that caller may call and serves no reference page unless told to.
/// </summary>
public sealed class OpenApiHostOptions
{
    public const string SectionName = "Elements:OpenApi";

    /// <summary>Serve the whole element API to any caller at <c>/openapi/v1.json</c>; when off, every caller gets
    /// its own view (as with <c>?for=me</c>).</summary>
    public bool? FullDocument { get; set; }

    /// <summary>Serve the interactive API reference (Scalar) at <see cref="ReferencePath"/>.</summary>
    public bool? Reference { get; set; }

    public string ReferencePath { get; set; } = "/api-reference";
}
