using Elements.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Cli;

/// <summary>Loads the app a command names, always with the built-in library plus any <c>--lib</c> roots and
/// <c>--var</c> values (consulted after the app's envVars, before the process environment).</summary>
internal sealed class AppLoader(Action<ElementsBuilder>? configure)
{
    public ElementApp Load(string appPath, IEnumerable<string> libraries, IEnumerable<string> variables)
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

        return ElementApp.Load(appPath, builder =>
        {
            builder.AddStdElements();
            foreach (var library in libraries)
            {
                builder.AddLibraryRoot(Path.GetFullPath(library));
            }

            if (values.Count > 0)
            {
                builder.Configure(o => o.Environment = name => values.TryGetValue(name, out var value) ? value : Environment.GetEnvironmentVariable(name));
            }

            configure?.Invoke(builder);
        });
    }
}
