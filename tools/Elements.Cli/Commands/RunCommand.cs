using System.CommandLine;
using Elements.Scripting;

namespace Elements.Cli.Commands;

/// <summary>
/// <c>elements run SCRIPT.csx --app DIR [-- args]</c>: runs a C# script with globals <c>app</c> (the loaded app) and
/// <c>args</c>. What the script writes to the console is the command's output; an <c>int</c> it returns is the exit
/// code. Compile errors print as <c>SCRIPT.csx(line,col): error CSnnnn: message</c> on stderr, exit 1.
/// </summary>
internal static class RunCommand
{
    // Console.Out is process-wide: in-process runs that capture output take turns.
    private static readonly SemaphoreSlim ConsoleGate = new(1, 1);

    public static Command Create(AppLoader loader, CliConsole console)
    {
        var script = new Argument<string>("script") { Description = "The C# script (.csx)." };
        var scriptArgs = new Argument<string[]>("args") { Description = "Arguments for the script (after --).", Arity = ArgumentArity.ZeroOrMore };
        var app = new AppOptions();
        var command = new Command("run", "Run a C# script against the loaded app (globals: app, args).") { script, scriptArgs, app };
        command.SetAction((parse, cancellationToken) => CliOutput.GuardAsync(console.Error, async () =>
        {
            var path = parse.GetRequiredValue(script);
            if (!File.Exists(path))
            {
                throw new ElementException(ElementErrorCodes.InvalidArgs, $"script '{path}' does not exist");
            }

            using var loaded = app.Load(loader, parse);
            var captured = !ReferenceEquals(console.Out, Console.Out);
            await ConsoleGate.WaitAsync(cancellationToken);
            var (previousOut, previousError) = (Console.Out, Console.Error);
            try
            {
                if (captured)
                {
                    Console.SetOut(console.Out);
                    Console.SetError(console.Error);
                }

                var result = await ScriptRunner.RunAsync(path, loaded, parse.GetValue(scriptArgs) ?? [],
                    [typeof(Microsoft.Extensions.DependencyInjection.StdElements).Assembly], cancellationToken);
                foreach (var error in result.CompileErrors)
                {
                    console.Error.WriteLine(error);
                }

                return result.ExitCode;
            }
            finally
            {
                if (captured)
                {
                    Console.SetOut(previousOut);
                    Console.SetError(previousError);
                }

                ConsoleGate.Release();
            }
        }));
        return command;
    }
}
