namespace Elements.Std.ApiAuths;

/// <summary>
/// The <c>apis</c> entries of an API authorization: <c>fullName.function</c>, <c>fullName.*</c> (every function of
/// the element), a dotted prefix ending <c>.*</c> (every function of every element under it) or <c>*</c>. The same
/// grammar as the roles' <c>apiPerm</c> patterns, so that one list can be read the same way in both places.
/// </summary>
internal static class ApiPatterns
{
    public const string Everything = "*";

    /// <summary>Null when <paramref name="entry"/> is well-formed, else why not.</summary>
    public static string? Problem(string? entry)
    {
        if (string.IsNullOrEmpty(entry))
        {
            return "is empty";
        }

        if (entry == Everything)
        {
            return null;
        }

        var segments = entry.Split('.');
        if (segments.Length < 2)
        {
            return "must be 'fullName.function', 'fullName.*', a dotted prefix ending '.*', or '*'";
        }

        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment == Everything && i == segments.Length - 1)
            {
                continue;
            }

            if (segment.Length == 0 || !segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                return "must be dot-separated names of A-Z a-z 0-9 _ - with '*' only as the whole last segment";
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="entry"/> grants <c>function</c> of <c>fullName</c>.</summary>
    public static bool Matches(string entry, string fullName, string function)
    {
        if (entry == Everything)
        {
            return true;
        }

        if (entry.EndsWith(".*", StringComparison.Ordinal))
        {
            // "a.b.*" grants a.b's functions and those of every element under a.b: the target "a.b.fn" or "a.b.c.fn"
            // starts with "a.b.", while "a.bc.fn" does not.
            var prefix = entry.AsSpan(0, entry.Length - 1);
            return Target(fullName, function).StartsWith(prefix, StringComparison.Ordinal);
        }

        return entry.Length == fullName.Length + 1 + function.Length
            && entry.StartsWith(fullName, StringComparison.Ordinal)
            && entry[fullName.Length] == '.'
            && entry.EndsWith(function, StringComparison.Ordinal);
    }

    private static string Target(string fullName, string function) => fullName + "." + function;
}
