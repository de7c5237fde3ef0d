using Elements.Cli.Tests.Support;

namespace Elements.Cli.Tests;

/// <summary>Load progress: on stderr when it is a terminal, never when piped or on a CI server, never on stdout.</summary>
public sealed class ProgressTests
{
    private static async Task<(int ExitCode, string Stdout, string Stderr)> Run(bool progress, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var console = new CliConsole(stdout, stderr, progress: progress, outputRedirected: true);
        var exitCode = await CliApplication.RunAsync(args, console, b => b.AddElementTypesFrom(typeof(GreeterType).Assembly));
        return (exitCode, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Piped_runs_show_no_progress_and_a_terminal_gets_it_on_stderr_only()
    {
        using var app = TempApp.Create();
        var piped = await Run(false, "list", "--app", app.Root);
        Assert.Equal(0, piped.ExitCode);
        Assert.Equal("", piped.Stderr);
        Assert.DoesNotContain("Loading", piped.Stdout);

        var terminal = await Run(true, "list", "--app", app.Root);
        Assert.Equal(0, terminal.ExitCode);
        Assert.Contains("Loading the app", terminal.Stderr);
        Assert.Equal(piped.Stdout, terminal.Stdout); // results are the same bytes either way
    }

    [Theory]
    [InlineData("CI", "true", true)]
    [InlineData("CI", "1", true)]
    [InlineData("GITHUB_ACTIONS", "true", true)]
    [InlineData("TF_BUILD", "True", true)]
    [InlineData("TERM", "dumb", true)]
    [InlineData("CI", "false", false)]
    [InlineData("TERM", "xterm-256color", false)]
    [InlineData("HOME", "/root", false)]
    public void Continuous_integration_is_recognised_from_the_environment(string name, string value, bool expected) =>
        Assert.Equal(expected, CliConsole.IsContinuousIntegration(v => v == name ? value : null));
}
