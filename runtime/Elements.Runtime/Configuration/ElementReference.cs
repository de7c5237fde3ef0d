namespace Elements.Configuration;

/// <summary>One element a config names (see <see cref="IElementReferences"/>).</summary>
/// <param name="Path">The key holding the name, as a JSON path into the config (<c>sender</c>, <c>fields[1]</c>).</param>
/// <param name="FullName">The element named.</param>
public sealed record ElementReference(string Path, string FullName)
{
    /// <summary>The function the config calls on the element; it must be one the element declares.</summary>
    public string? Function { get; init; }

    /// <summary>The Meta the element must belong to (e.g. <c>models.Meta</c> for a model event's sender).</summary>
    public string? Meta { get; init; }
}
