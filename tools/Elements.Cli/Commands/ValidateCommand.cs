using System.CommandLine;
using Elements.Cli.Validation;
using Elements.Diagnostics;

namespace Elements.Cli.Commands;

/// <summary><c>elements validate --app DIR</c>: exit 0 with a summary, or exit 1 with every diagnostic line: the load's,
/// or else the activation cycles visible in config (<see cref="ActivationCycleCheck"/>).</summary>
internal static class ValidateCommand
{
    public static Command Create(AppLoader loader, TextWriter stdout, TextWriter stderr)
    {
        var app = new AppOptions();
        var command = new Command("validate", "Load the app and report every problem.") { app };
        // The diagnostics are this command's output, so they go to stdout like a compiler's.
        command.SetAction(parse => CliOutput.Guard(stderr, () =>
        {
            using var loaded = app.Load(loader, parse);
            if (ActivationCycleCheck.Find(loaded) is { Count: > 0 } cycles)
            {
                throw new ElementLoadException(cycles);
            }

            var own = loaded.Elements.Count(e => e.AppId == loaded.AppId);
            stdout.WriteLine($"{loaded.AppId}: valid, {loaded.Elements.Count} element(s) ({own} own) from {string.Join(", ", loaded.AppIds)}");
            return 0;
        }, diagnostics: stdout));
        return command;
    }
}
