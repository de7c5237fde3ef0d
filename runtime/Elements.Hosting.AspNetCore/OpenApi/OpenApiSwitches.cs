namespace Elements.Hosting.AspNetCore.OpenApi;

/// <summary><see cref="OpenApiHostOptions"/> with the unset switches decided for this host.</summary>
internal sealed record OpenApiSwitches(bool FullDocument, bool Reference, string ReferencePath)
{
    public static OpenApiSwitches Decide(OpenApiHostOptions options, bool development) =>
        new(options.FullDocument ?? development, options.Reference ?? development, options.ReferencePath);
}
