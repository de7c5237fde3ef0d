using Elements.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Cli;

/// <summary>Loads the app a command names, always with the built-in library plus any <c>--lib</c> roots and
/// <c>--var</c> values (consulted after the app's envVars, before the process environment).</summary>
internal sealed class AppLoader(Action<ElementsBuilder>? configure)
{
    /// <summary>
    /// For commands that read the structure only (new, types, schema, tree): a variable neither the app nor the
    /// environment defines yet (e.g. the placeholder a scaffold just wrote) reads as a stand-in instead of failing the load.
    /// </summary>
    public static string? StandIn(string variable) => "unset-" + variable;

    /// <param name="fallback">Consulted last, after the process environment (e.g. stand-in values while checking a scaffold).</param>
    public ElementApp Load(string appPath, IEnumerable<string> libraries, IEnumerable<string> variables, Func<string, string?>? fallback = null)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in variables)
        {
            var equals = variable.IndexOf('=');
            if (equals <= 0)
            {
                throw new ElementException("EL_INVALID_ARGS", $"--var must read NAME=VALUE, not '{variable}'");
            }

            values[variable[..equals]] = variable[(equals + 1)..];
        }

        // The app's own C# (derived Types, services) is compiled first; compile errors are load diagnostics.
        var compiled = Scripting.ElementCompiler.Compile(appPath, [typeof(StdElements).Assembly]);
        return ElementApp.Load(appPath, builder =>
        {
            builder.AddStdElements();
            if (compiled is not null)
            {
                builder.AddElementTypesFrom(compiled.Assembly);
            }

            foreach (var library in libraries)
            {
                builder.AddLibraryRoot(Path.GetFullPath(library));
            }

            if (values.Count > 0 || fallback is not null)
            {
                builder.Configure(o => o.Environment = name => values.TryGetValue(name, out var value)
                    ? value
                    : Environment.GetEnvironmentVariable(name) ?? fallback?.Invoke(name));
            }

            configure?.Invoke(builder);
        });
    }
}
