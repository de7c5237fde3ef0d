using System.CommandLine;
using Elements.Diagnostics;

namespace Elements.Cli.Commands;

/// <summary><c>elements validate --app DIR</c>: exit 0 with a summary, or exit 1 with every diagnostic line.</summary>
internal static class ValidateCommand
{
    public static Command Create(AppLoader loader, TextWriter stdout, TextWriter stderr)
    {
        var app = new AppOptions();
        var command = new Command("validate", "Load the app and report every problem.") { app };
        command.SetAction(parse =>
        {
            try
            {
                using var loaded = app.Load(loader, parse);
                var own = loaded.Elements.Count(e => e.AppId == loaded.AppId);
                stdout.WriteLine($"{loaded.AppId}: valid, {loaded.Elements.Count} element(s) ({own} own) from {string.Join(", ", loaded.AppIds)}");
                return 0;
            }
            catch (ElementLoadException ex)
            {
                // The diagnostics are this command's output, so they go to stdout like a compiler's.
                return CliOutput.WriteDiagnostics(stdout, ex);
            }
            catch (Exception ex)
            {
                return CliOutput.WriteError(stderr, ex);
            }
        });
        return command;
    }
}
