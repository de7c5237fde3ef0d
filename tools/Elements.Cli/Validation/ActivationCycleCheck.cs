using System.Text.Json.Nodes;
using Elements.Definitions;
using Elements.Diagnostics;
using Elements.Std.Models;

namespace Elements.Cli.Validation;

/// <summary>
/// Finds the activation cycles <c>elements validate</c> can see without running any constructor: elements whose
/// config names an element their constructor activates, around a loop. Such an app loads, then fails at the first
/// <c>GetElement</c> with EL_ACTIVATION_CYCLE; reporting it here names the same chain before anything runs.
/// The only config reference resolved at activation today is a model's <c>db</c> (or, without it, the app's default
/// database), activated by <see cref="ModelElement"/>'s constructor; database elements activate nothing, so a cycle
/// needs a <c>db</c> naming a model. A type's chain is checked by the loader already (EL0006).
/// </summary>
internal static class ActivationCycleCheck
{
    public static IReadOnlyList<ElementDiagnostic> Find(ElementApp app)
    {
        var byName = app.Elements.ToDictionary(e => e.FullName, StringComparer.Ordinal);
        var next = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var element in app.Elements)
        {
            if (ActivatedByConstructor(app, element) is { } target && byName.ContainsKey(target))
            {
                next[element.FullName] = target;
            }
        }

        // Each element activates at most one other, so following next from every start finds each loop; a loop is
        // reported once, from its ordinally first element so the output does not depend on the walk.
        var diagnostics = new List<ElementDiagnostic>();
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in next.Keys.Order(StringComparer.Ordinal))
        {
            var path = new List<string>();
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var current = start; current is not null && !reported.Contains(current); current = next.GetValueOrDefault(current))
            {
                if (seen.TryGetValue(current, out var loopStart))
                {
                    var loop = path.Skip(loopStart).ToList();
                    var first = loop.IndexOf(loop.Min(StringComparer.Ordinal)!);
                    var chain = loop.Skip(first).Concat(loop.Take(first)).ToList();
                    reported.UnionWith(chain);
                    diagnostics.Add(Describe(app, byName[chain[0]], [.. chain, chain[0]]));
                    break;
                }

                seen[current] = path.Count;
                path.Add(current);
            }

            reported.UnionWith(path);
        }

        // Sorted by file like the loader's diagnostics.
        return [.. diagnostics.OrderBy(d => d.Path, StringComparer.Ordinal)];
    }

    /// <summary>The element <paramref name="element"/>'s constructor activates, named by its config; null when none.</summary>
    private static string? ActivatedByConstructor(ElementApp app, ElementDefinition element)
    {
        if (element.Layer != ElementLayer.Instance || element.ImplementationType is not { } type || !typeof(ModelElement).IsAssignableFrom(type))
        {
            return null;
        }

        return element.Config["db"] is JsonValue value && value.TryGetValue<string>(out var db) && !string.IsNullOrWhiteSpace(db)
            ? db
            : ModelElement.ResolveDefaultDatabase(app);
    }

    private static ElementDiagnostic Describe(ElementApp app, ElementDefinition first, IReadOnlyList<string> chain)
    {
        var file = Path.GetRelativePath(app.RootPath, Path.Combine(first.Path, "e.json")).Replace('\\', '/');
        return new ElementDiagnostic(ElementErrorCodes.ActivationCycle, file, 1, 1,
            $"activation cycle: {string.Join(" -> ", chain)}; each model's db names the next, and a model activates its db when it is activated");
    }
}
