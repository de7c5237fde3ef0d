namespace Elements.Configuration;

/// <summary>
/// A config that names other elements: a model event's <c>sender</c> and <c>func</c>, a task's <c>taskFunc</c>. The
/// loader checks every reference once the app's elements are known, so a misspelt name fails the load (EL0016, at the
/// key's file(line,col), with a "did you mean") instead of an event that silently never fires.
/// </summary>
public interface IElementReferences
{
    IEnumerable<ElementReference> GetReferences();
}
