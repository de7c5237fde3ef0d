namespace Elements.Hosting.AspNetCore.Api;

/// <summary>The element and function a JitAi-style URL names: <c>/api/{orgId}/{appName}/a/b/C/fn</c> → element
/// <c>a.b.C</c>, function <c>fn</c>.</summary>
internal readonly record struct ElementRoute(string Element, string Function)
{
    public static bool TryParse(string? path, out ElementRoute route)
    {
        route = default;
        path ??= "";
        var text = path.AsSpan().Trim('/');
        var last = text.LastIndexOf('/');
        // Dots inside a segment would let one URL name an element two ways; element names never contain them.
        if (last < 0 || text.Contains('.'))
        {
            return false;
        }

        if (text.Contains("//", StringComparison.Ordinal))
        {
            // Empty segments are skipped (a/b//fn names a.b's fn): the rare spelling takes the general path.
            var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            route = new ElementRoute(string.Join('.', segments[..^1]), segments[^1]);
            return true;
        }

        // Every API request parses its route: each name is made in one allocation.
        var start = path.Length - path.AsSpan().TrimStart('/').Length;
        var element = string.Create(last, (path, start), static (chars, state) =>
        {
            state.path.AsSpan(state.start, chars.Length).CopyTo(chars);
            chars.Replace('/', '.');
        });
        route = new ElementRoute(element, text[(last + 1)..].ToString());
        return true;
    }
}
