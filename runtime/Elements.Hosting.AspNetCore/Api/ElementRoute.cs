namespace Elements.Hosting.AspNetCore.Api;

/// <summary>The element and function a JitAi-style URL names: <c>/api/{orgId}/{appName}/a/b/C/fn</c> → element
/// <c>a.b.C</c>, function <c>fn</c>.</summary>
internal readonly record struct ElementRoute(string Element, string Function)
{
    public static bool TryParse(string? path, out ElementRoute route)
    {
        var segments = (path ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        // Dots inside a segment would let one URL name an element two ways; element names never contain them.
        if (segments.Length < 2 || segments.Any(s => s.Contains('.', StringComparison.Ordinal)))
        {
            route = default;
            return false;
        }

        route = new ElementRoute(string.Join('.', segments[..^1]), segments[^1]);
        return true;
    }
}
