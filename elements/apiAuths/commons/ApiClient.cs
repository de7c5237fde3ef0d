namespace Elements.Std.ApiAuths;

/// <summary>
/// A verified machine caller: the API authorization element it signed as, its access key and its <c>apis</c> list.
/// Carries no secret.
/// </summary>
public sealed record ApiClient(string ElementFullName, string AccessKey, IReadOnlyList<string> Apis)
{
    /// <summary>
    /// Whether the <c>apis</c> list grants <paramref name="function"/> of <paramref name="fullName"/>: an entry
    /// <c>fullName.function</c>, <c>fullName.*</c>, a dotted prefix ending <c>.*</c> above the element, or <c>*</c>.
    /// Names are compared exactly (ordinal, case-sensitive), as element full names are.
    /// </summary>
    public bool Allows(string fullName, string function)
    {
        ArgumentException.ThrowIfNullOrEmpty(fullName);
        ArgumentException.ThrowIfNullOrEmpty(function);
        foreach (var entry in Apis)
        {
            if (!string.IsNullOrEmpty(entry) && ApiPatterns.Matches(entry, fullName, function))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => $"{ElementFullName} (access key {AccessKey}, {Apis.Count} API pattern(s))";
}
