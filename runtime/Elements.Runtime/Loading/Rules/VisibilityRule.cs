using Elements.Definitions;
using Elements.Diagnostics;

namespace Elements.Loading.Rules;

/// <summary>
/// Decides which element each full name means: the nearest app in the hierarchy wins (a child app overrides its
/// parents), a parent app's <c>private</c> element is seen only by that app's own elements, and overriding a
/// <c>protected</c> element of an ancestor app is an error (EL0008).
/// </summary>
internal sealed class VisibilityRule(RegistryBuildContext context)
{
    /// <param name="scanned">Each app's scanned elements, in lookup order (the root app first, elements.std last).</param>
    public void Apply(IReadOnlyList<(AppManifest App, Dictionary<string, RawElement> Elements)> scanned, IReadOnlyList<AppManifest> hierarchy)
    {
        var ancestors = hierarchy.ToDictionary(a => a.AppId, a => Ancestors(a, hierarchy), StringComparer.Ordinal);
        var root = hierarchy[0];
        foreach (var (app, elements) in scanned)
        {
            foreach (var raw in elements.Values.OrderBy(e => e.FullName, StringComparer.Ordinal))
            {
                var node = new ElementNode(raw, context.Catalog.Types.GetValueOrDefault(raw.FullName));
                if (app != root && raw.AccessModifier == AccessModifier.Private)
                {
                    // Private elements stay usable by their own app's elements but are invisible to child apps.
                    if (!context.PrivateScopes.TryGetValue(app.AppId, out var scope))
                    {
                        context.PrivateScopes[app.AppId] = scope = new Dictionary<string, ElementNode>(StringComparer.Ordinal);
                    }

                    scope[raw.FullName] = node;
                    continue;
                }

                if (context.View.TryGetValue(raw.FullName, out var winner))
                {
                    if (raw.AccessModifier == AccessModifier.Protected && ancestors[winner.Raw.App.AppId].Contains(app.AppId))
                    {
                        context.Diagnostics.Add(DiagnosticCodes.ProtectedOverride, winner.Raw.EJsonPath,
                            $"element '{raw.FullName}' overrides the protected element of app '{app.AppId}'; protected elements can be inherited but not overridden");
                    }

                    continue;
                }

                context.View.Add(raw.FullName, node);
            }
        }
    }

    private static HashSet<string> Ancestors(AppManifest app, IReadOnlyList<AppManifest> hierarchy)
    {
        var byId = hierarchy.ToDictionary(a => a.AppId, StringComparer.Ordinal);
        var result = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(app.Extends);
        while (pending.TryPop(out var id))
        {
            if (result.Add(id) && byId.TryGetValue(id, out var parent))
            {
                foreach (var grandParent in parent.Extends)
                {
                    pending.Push(grandParent);
                }
            }
        }

        // Every app implicitly extends the built-in library.
        if (app.AppId != AppLocator.StdAppId)
        {
            result.Add(AppLocator.StdAppId);
        }

        return result;
    }
}
