using Elements.Definitions;

namespace Elements.Std.Roles;

/// <summary>
/// The patterns of <c>apiPerm</c> (<c>fullName.function</c>, <c>fullName.*</c>, <c>prefix.*</c>, <c>*</c>) and
/// <c>rowPerm</c> (<c>fullName</c>, <c>prefix.*</c>, <c>*</c>), and how specifically one matches an element. A pattern
/// naming an element's Type or Meta (any name in its type chain) matches the element, less specifically than its own
/// name and more specifically the nearer the type; so elements.std can grant <c>auths.loginTypes.PasswordType.register</c>
/// to every password login an app declares.
/// </summary>
internal static class PermissionPattern
{
    public const string Wildcard = "*";
    private const string AnyChild = ".*";

    // Tiers: own name or type chain > dotted prefix > "*". Within the first, the own name beats the nearest type,
    // which beats the next, and a named function beats ".*".
    private const int NamedTier = 3_000_000;
    private const int PrefixTier = 2_000_000;
    private const int WildcardTier = 1_000_000;
    private const int ChainStep = 100;

    public static bool IsValid(string pattern, bool withFunction)
    {
        if (pattern == Wildcard)
        {
            return true;
        }

        var body = pattern.EndsWith(AnyChild, StringComparison.Ordinal) ? pattern[..^AnyChild.Length] : pattern;
        var segments = body.Split('.');
        var minimum = withFunction && body.Length == pattern.Length ? 2 : 1;
        return segments.Length >= minimum && segments.All(s => s.Length > 0 && !s.Contains('*', StringComparison.Ordinal)
            && !s.Any(char.IsWhiteSpace));
    }

    /// <summary>How specifically <paramref name="pattern"/> matches <paramref name="element"/> (and, for apiPerm,
    /// <paramref name="function"/>): 0 when it does not match, higher is more specific.</summary>
    /// <remarks>Every call over HTTP runs this for every rule of the caller's roles: it compares spans of the pattern
    /// and allocates nothing.</remarks>
    public static int Specificity(string pattern, ElementDefinition element, string? function)
    {
        if (pattern == Wildcard)
        {
            return WildcardTier;
        }

        if (pattern.EndsWith(AnyChild, StringComparison.Ordinal))
        {
            var prefix = pattern.AsSpan(0, pattern.Length - AnyChild.Length);
            if (function is not null && NamedIndex(prefix, element) is { } index)
            {
                return NamedTier - (index * ChainStep);
            }

            var name = element.FullName;
            return name.Length > prefix.Length && name[prefix.Length] == '.' && name.AsSpan().StartsWith(prefix, StringComparison.Ordinal)
                ? PrefixTier + prefix.Count('.') + 1
                : 0;
        }

        if (function is null)
        {
            return NamedIndex(pattern, element) is { } named ? NamedTier - (named * ChainStep) : 0;
        }

        var dot = pattern.LastIndexOf('.');
        return dot > 0 && pattern.AsSpan(dot + 1).SequenceEqual(function)
            && NamedIndex(pattern.AsSpan(0, dot), element) is { } target
                ? NamedTier - (target * ChainStep) + 1
                : 0;
    }

    /// <summary>0 when <paramref name="name"/> is the element itself, i + 1 when it is the i-th name of its type chain.</summary>
    private static int? NamedIndex(ReadOnlySpan<char> name, ElementDefinition element)
    {
        if (name.SequenceEqual(element.FullName))
        {
            return 0;
        }

        for (var i = 0; i < element.TypeChain.Count; i++)
        {
            if (name.SequenceEqual(element.TypeChain[i]))
            {
                return i + 1;
            }
        }

        return null;
    }
}
