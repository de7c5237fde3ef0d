using System.CommandLine;
using Elements.Cli.Commands;
using Elements.Hosting;

namespace Elements.Cli;

/// <summary>
/// The <c>elements</c> command line, runnable in-process so tests can compare its output with golden files:
/// <c>list</c>, <c>show</c>, <c>validate</c>, <c>invoke</c>, <c>db sync</c>, <c>new</c>, <c>types</c>, <c>schema</c>, <c>tree</c>, <c>run</c>, <c>permissions</c>. Every command loads the app with the built-in library.
/// </summary>
public static class CliApplication
{
    /// <param name="configure">Extra registrations for the loaded app (e.g. element assemblies); the std library is always added.</param>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Action<ElementsBuilder>? configure = null,
        CancellationToken cancellationToken = default) =>
        RunAsync(args, new CliConsole(stdout, stderr), configure, cancellationToken);

    /// <summary>Runs with an explicit console: stdin for <c>--input -</c>, and whether prompts may be shown.</summary>
    public static Task<int> RunAsync(string[] args, CliConsole console, Action<ElementsBuilder>? configure = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(console);
        var (stdout, stderr) = (console.Out, console.Error);
        var loader = new AppLoader(configure, console);
        var root = new RootCommand("Elements: inspect, validate, call, scaffold and script the elements of an app.")
        {
            ListCommand.Create(loader, stdout, stderr),
            ShowCommand.Create(loader, stdout, stderr),
            ValidateCommand.Create(loader, stdout, stderr),
            InvokeCommand.Create(loader, console),
            DbCommand.Create(loader, console),
            NewCommand.Create(loader, console),
            TypesCommand.Create(loader, stdout, stderr),
            SchemaCommand.Create(loader, stdout, stderr),
            TreeCommand.Create(loader, console),
            RunCommand.Create(loader, console),
            PermissionsCommand.Create(loader, stdout, stderr),
            OpenApiCommand.Create(loader, stdout, stderr),
            TasksCommand.Create(loader, stdout, stderr),
        };
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, cancellationToken);
    }
}
