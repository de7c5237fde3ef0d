using System.CommandLine;
using Elements.Cli.Commands;
using Elements.Hosting;

namespace Elements.Cli;

/// <summary>
/// The <c>elements</c> command line, runnable in-process so tests can compare its output with golden files:
/// <c>list</c>, <c>show</c>, <c>validate</c>, <c>invoke</c>. Every command loads the app with the built-in library.
/// </summary>
public static class CliApplication
{
    /// <param name="configure">Extra registrations for the loaded app (e.g. element assemblies); the std library is always added.</param>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Action<ElementsBuilder>? configure = null,
        CancellationToken cancellationToken = default)
    {
        var loader = new AppLoader(configure);
        var root = new RootCommand("Elements: inspect, validate and call the elements of an app.")
        {
            ListCommand.Create(loader, stdout, stderr),
            ShowCommand.Create(loader, stdout, stderr),
            ValidateCommand.Create(loader, stdout, stderr),
            InvokeCommand.Create(loader, stdout, stderr),
        };
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, cancellationToken);
    }
}
