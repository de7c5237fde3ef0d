using Elements.Diagnostics;

namespace Elements.Loading.Rules;

/// <summary>Decides that a full name has at most one class: two classes marked for the same element are an error
/// (reported at the element's e.json, or at app.json when no such element exists).</summary>
internal sealed class SingleImplementationRule(RegistryBuildContext context)
{
    public void Apply()
    {
        foreach (var (fullName, first, second) in context.Catalog.Duplicates)
        {
            var file = context.View.TryGetValue(fullName, out var node) ? node.Raw.EJsonPath : Path.Combine(context.Request.AppPath, "app.json");
            context.Diagnostics.Add(DiagnosticCodes.DuplicateImplementation, file,
                $"element '{fullName}' is implemented by both {first.FullName} and {second.FullName}");
        }
    }
}
