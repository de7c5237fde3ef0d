using Spectre.Console;

namespace Elements.Cli;

/// <summary>The streams a CLI run uses and whether it may prompt (only when stdin and stdout are a terminal).</summary>
public sealed class CliConsole(TextWriter stdout, TextWriter stderr, TextReader? stdin = null, bool interactive = false,
    bool progress = false, bool outputRedirected = true)
{
    public TextWriter Out { get; } = stdout ?? throw new ArgumentNullException(nameof(stdout));

    public TextWriter Error { get; } = stderr ?? throw new ArgumentNullException(nameof(stderr));

    public TextReader In { get; } = stdin ?? TextReader.Null;

    /// <summary>True when prompts for missing settings may be shown.</summary>
    public bool Interactive { get; } = interactive;

    /// <summary>True when stderr is a terminal: long operations may show progress there (never when piped).</summary>
    public bool Progress { get; } = progress;

    /// <summary>True when stdout is not a terminal (a progress display on stderr then does not mix with results).</summary>
    public bool OutputRedirected { get; } = outputRedirected;

    private readonly AsyncLocal<Action<string>?> _activeStatus = new();

    /// <summary>The status line of the display running on this flow, if any (a load inside a command's own display
    /// reports there rather than starting a second one, which Spectre.Console does not allow).</summary>
    internal Action<string>? ActiveStatus => _activeStatus.Value;

    /// <summary>The process console: interactive when neither stdin nor stdout is redirected; progress only when stderr
    /// is a terminal and the run is not on a CI server (whose logs would fill with redraws).</summary>
    public static CliConsole FromProcess() =>
        new(Console.Out, Console.Error, Console.In, !Console.IsInputRedirected && !Console.IsOutputRedirected,
            !Console.IsErrorRedirected && !IsContinuousIntegration(Environment.GetEnvironmentVariable),
            Console.IsOutputRedirected);

    /// <summary>True for the variables CI services set (<c>CI</c>, <c>TF_BUILD</c>, <c>GITHUB_ACTIONS</c>, ...) and for a dumb terminal.</summary>
    public static bool IsContinuousIntegration(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment("CI") is { Length: > 0 } ci && !string.Equals(ci, "false", StringComparison.OrdinalIgnoreCase) && ci != "0")
        {
            return true;
        }

        return new[] { "TF_BUILD", "GITHUB_ACTIONS", "GITLAB_CI", "JENKINS_URL", "BUILDKITE", "TEAMCITY_VERSION" }
                .Any(name => !string.IsNullOrEmpty(environment(name)))
            || string.Equals(environment("TERM"), "dumb", StringComparison.Ordinal);
    }

    /// <summary>Runs <paramref name="work"/> under a Spectre.Console status line on stderr when <see cref="Progress"/>
    /// allows (and <paramref name="whenOutputRedirectedOnly"/> is satisfied); otherwise just runs it, quietly.</summary>
    internal async Task<T> WithStatusAsync<T>(string text, bool whenOutputRedirectedOnly, Func<Action<string>, Task<T>> work)
    {
        if (!Progress || (whenOutputRedirectedOnly && !OutputRedirected))
        {
            return await work(_ => { });
        }

        return await StatusConsole().Status().StartAsync(Markup.Escape(text), async context =>
        {
            void Status(string status) => context.Status(Markup.Escape(status));
            _activeStatus.Value = Status;
            try
            {
                return await work(Status);
            }
            finally
            {
                _activeStatus.Value = null;
            }
        });
    }

    /// <summary>The synchronous <see cref="WithStatusAsync"/>, shown whenever <see cref="Progress"/> allows (the status
    /// line is cleared before anything is written to stdout).</summary>
    internal T WithStatus<T>(string text, Func<Action<string>, T> work)
    {
        if (!Progress)
        {
            return work(_ => { });
        }

        return StatusConsole().Status().Start(Markup.Escape(text), context =>
        {
            void Status(string status) => context.Status(Markup.Escape(status));
            _activeStatus.Value = Status;
            try
            {
                return work(Status);
            }
            finally
            {
                _activeStatus.Value = null;
            }
        });
    }

    private IAnsiConsole StatusConsole() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Error),
        Interactive = InteractionSupport.Yes,
    });
}
