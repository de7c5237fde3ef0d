using Elements.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Elements.Cli;

/// <summary>Loads the app a command names, always with the built-in library plus any <c>--lib</c> roots and
/// <c>--var</c> values (consulted after the app's envVars, before the process environment). The app's own C# (derived
/// Types, services) is compiled by the runtime at load (<c>AddCompiledElementCode</c>); compile errors are load
/// diagnostics. On a terminal the load shows its progress on stderr (see <see cref="CliConsole.Progress"/>).</summary>
internal sealed class AppLoader(Action<ElementsBuilder>? configure, CliConsole? console = null)
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
                throw new ElementException(ElementErrorCodes.InvalidArgs, $"--var must read NAME=VALUE, not '{variable}'");
            }

            values[variable[..equals]] = variable[(equals + 1)..];
        }

        var libraryRoots = libraries.Select(Path.GetFullPath).ToList();
        ElementApp LoadWith(Action<string>? status)
        {
            var progress = status is null ? null : new StatusProgress(status);
            try
            {
                return ElementApp.Load(appPath, builder =>
                {
                    builder.AddStdElements().AddCompiledElementCode();
                    foreach (var library in libraryRoots)
                    {
                        builder.AddLibraryRoot(library);
                    }

                    if (values.Count > 0 || fallback is not null)
                    {
                        builder.Configure(o => o.Environment = name => values.TryGetValue(name, out var value)
                            ? value
                            : Environment.GetEnvironmentVariable(name) ?? fallback?.Invoke(name));
                    }

                    if (progress is not null)
                    {
                        builder.Configure(o => o.LoadProgress = progress);
                    }

                    configure?.Invoke(builder);
                });
            }
            finally
            {
                // The display is gone once the load returns; a later reload (a script's) reports to nobody.
                progress?.Stop();
            }
        }

        if (console is not { Progress: true })
        {
            return LoadWith(null);
        }

        // Inside a command's own status display (db sync, a batch) the load reports there; otherwise it shows its own.
        return console.ActiveStatus is { } active
            ? LoadWith(text => active(text))
            : console.WithStatus("Loading the app...", LoadWith);
    }

    /// <summary>Reports synchronously on the loading thread (<see cref="Progress{T}"/> would post, and arrive late).</summary>
    private sealed class StatusProgress(Action<string> status) : IProgress<LoadProgress>
    {
        private volatile bool _stopped;

        public void Report(LoadProgress value)
        {
            if (!_stopped)
            {
                status($"Loading the app: {value}...");
            }
        }

        public void Stop() => _stopped = true;
    }
}
