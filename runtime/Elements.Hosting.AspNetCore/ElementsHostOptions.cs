namespace Elements.Hosting.AspNetCore;

/// <summary>Host settings, section <c>Elements</c>.</summary>
public sealed class ElementsHostOptions
{
    public const string SectionName = "Elements";

    /// <summary>The app folder (holding <c>app.json</c>); relative paths are resolved against the content root.
    /// Empty: the content root itself, which is <c>app/</c> under <c>dotnet run --project app</c>.</summary>
    public string? AppPath { get; set; }

    /// <summary>Hot-reload the elements when their files change.</summary>
    public bool Watch { get; set; }

    /// <summary>The largest element API request body (JSON arguments), in bytes; larger ones answer 413
    /// <c>EL_BODY_TOO_LARGE</c> without being read. Kestrel's own default (30 MB) is far beyond any argument list.</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>HTTP statuses of error codes the app's own endpoints raise as <see cref="ElementException"/>s (e.g.
    /// <c>{"PROFILE_NOT_FOUND": 404}</c>); a code not listed follows the host's rules (an element's business error is 422).</summary>
    public Dictionary<string, int> ErrorStatuses { get; } = new(StringComparer.Ordinal);
}
