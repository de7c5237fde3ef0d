namespace Elements.Cli.Tests.Support;

/// <summary>Runs the CLI in-process and captures its output; the app path is replaced by <c>&lt;app&gt;</c> for golden files.</summary>
internal static class CliRunner
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exitCode = await CliApplication.RunAsync(args, stdout, stderr, b => b.AddElementTypesFrom(typeof(GreeterType).Assembly));
        return (exitCode, stdout.ToString(), stderr.ToString());
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunWithInput(string stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exitCode = await CliApplication.RunAsync(args, new CliConsole(stdout, stderr, new StringReader(stdin)),
            b => b.AddElementTypesFrom(typeof(GreeterType).Assembly));
        return (exitCode, stdout.ToString(), stderr.ToString());
    }
}
